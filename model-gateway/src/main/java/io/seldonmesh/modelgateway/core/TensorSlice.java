package io.seldonmesh.modelgateway.core;

import io.seldonmesh.common.v2.proto.InferTensorContents;
import java.util.List;
import java.util.Optional;

/** A range of the elements of typed tensor contents, whichever of the V2 typed fields holds them. */
final class TensorSlice {

    private TensorSlice() {
    }

    /**
     * Elements {@code [from, to)} of {@code contents}, which should hold {@code total} elements; empty when no typed
     * field holds exactly that many.
     */
    static Optional<InferTensorContents> of(InferTensorContents contents, long total, long from, long to) {
        int a = (int) from;
        int b = (int) to;
        InferTensorContents.Builder slice = InferTensorContents.newBuilder();
        if (holds(contents.getFp32ContentsList(), total)) {
            return Optional.of(slice.addAllFp32Contents(contents.getFp32ContentsList().subList(a, b)).build());
        }
        if (holds(contents.getFp64ContentsList(), total)) {
            return Optional.of(slice.addAllFp64Contents(contents.getFp64ContentsList().subList(a, b)).build());
        }
        if (holds(contents.getIntContentsList(), total)) {
            return Optional.of(slice.addAllIntContents(contents.getIntContentsList().subList(a, b)).build());
        }
        if (holds(contents.getInt64ContentsList(), total)) {
            return Optional.of(slice.addAllInt64Contents(contents.getInt64ContentsList().subList(a, b)).build());
        }
        if (holds(contents.getUintContentsList(), total)) {
            return Optional.of(slice.addAllUintContents(contents.getUintContentsList().subList(a, b)).build());
        }
        if (holds(contents.getUint64ContentsList(), total)) {
            return Optional.of(slice.addAllUint64Contents(contents.getUint64ContentsList().subList(a, b)).build());
        }
        if (holds(contents.getBoolContentsList(), total)) {
            return Optional.of(slice.addAllBoolContents(contents.getBoolContentsList().subList(a, b)).build());
        }
        if (holds(contents.getBytesContentsList(), total)) {
            return Optional.of(slice.addAllBytesContents(contents.getBytesContentsList().subList(a, b)).build());
        }
        return total == 0 ? Optional.of(slice.build()) : Optional.empty();
    }

    private static boolean holds(List<?> elements, long total) {
        return total > 0 && elements.size() == total;
    }
}
