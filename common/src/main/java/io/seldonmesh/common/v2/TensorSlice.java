package io.seldonmesh.common.v2;

import io.seldonmesh.common.v2.proto.InferTensorContents;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** A range of the elements of typed tensor contents, whichever of the V2 typed fields holds them. */
final class TensorSlice {

    /** One typed field of {@code InferTensorContents}: how to read its elements and how to add some. */
    private record Field<T>(Function<InferTensorContents, List<T>> elements,
                            BiConsumer<InferTensorContents.Builder, List<T>> add) {

        Optional<InferTensorContents> slice(InferTensorContents contents, long total, int from, int to) {
            List<T> all = elements.apply(contents);
            if (total == 0 || all.size() != total) {
                return Optional.empty();
            }
            InferTensorContents.Builder slice = InferTensorContents.newBuilder();
            add.accept(slice, all.subList(from, to));
            return Optional.of(slice.build());
        }
    }

    private static final List<Field<?>> FIELDS = List.of(
            new Field<>(InferTensorContents::getFp32ContentsList, InferTensorContents.Builder::addAllFp32Contents),
            new Field<>(InferTensorContents::getFp64ContentsList, InferTensorContents.Builder::addAllFp64Contents),
            new Field<>(InferTensorContents::getIntContentsList, InferTensorContents.Builder::addAllIntContents),
            new Field<>(InferTensorContents::getInt64ContentsList, InferTensorContents.Builder::addAllInt64Contents),
            new Field<>(InferTensorContents::getUintContentsList, InferTensorContents.Builder::addAllUintContents),
            new Field<>(InferTensorContents::getUint64ContentsList, InferTensorContents.Builder::addAllUint64Contents),
            new Field<>(InferTensorContents::getBoolContentsList, InferTensorContents.Builder::addAllBoolContents),
            new Field<>(InferTensorContents::getBytesContentsList, InferTensorContents.Builder::addAllBytesContents));

    private TensorSlice() {
    }

    /**
     * Elements {@code [from, to)} of {@code contents}, which should hold {@code total} elements; empty when no typed
     * field holds exactly that many.
     */
    static Optional<InferTensorContents> of(InferTensorContents contents, long total, long from, long to) {
        for (Field<?> field : FIELDS) {
            Optional<InferTensorContents> slice = field.slice(contents, total, (int) from, (int) to);
            if (slice.isPresent()) {
                return slice;
            }
        }
        return total == 0 ? Optional.of(InferTensorContents.getDefaultInstance()) : Optional.empty();
    }
}
