package io.seldonmesh.common.v2;

import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.proto.InferTensorContents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Moves tensor data between its typed form (InferTensorContents) and its raw little-endian form. */
final class ContentsCodec {

    private ContentsCodec() {
    }

    static ByteString toRaw(Datatype datatype, Elements elements, int count) {
        if (datatype == Datatype.BYTES) {
            List<ByteString> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(elements.bytesAt(i));
            }
            return RawBytes.join(values);
        }
        ByteBuffer buffer = ByteBuffer.allocate(count * datatype.elementSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            switch (datatype) {
                case BOOL -> buffer.put((byte) (elements.boolAt(i) ? 1 : 0));
                case INT8, UINT8 -> buffer.put((byte) elements.integerAt(i));
                case INT16, UINT16 -> buffer.putShort((short) elements.integerAt(i));
                case INT32, UINT32 -> buffer.putInt((int) elements.integerAt(i));
                case INT64, UINT64 -> buffer.putLong(elements.integerAt(i));
                case FP16 -> buffer.putShort(HalfFloat.floatToFp16((float) elements.floatingAt(i)));
                case BF16 -> buffer.putShort(HalfFloat.floatToBf16((float) elements.floatingAt(i)));
                case FP32 -> buffer.putFloat((float) elements.floatingAt(i));
                case FP64 -> buffer.putDouble(elements.floatingAt(i));
                case BYTES -> throw new IllegalStateException("BYTES is handled above");
            }
        }
        buffer.flip();
        return ByteString.copyFrom(buffer);
    }

    /** @throws IllegalStateException for FP16 and BF16, which have no typed field (callers check first) */
    static InferTensorContents toTyped(Datatype datatype, Elements elements, int count) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int i = 0; i < count; i++) {
            switch (datatype) {
                case BOOL -> contents.addBoolContents(elements.boolAt(i));
                case INT8, INT16, INT32 -> contents.addIntContents((int) elements.integerAt(i));
                case UINT8, UINT16, UINT32 -> contents.addUintContents((int) elements.integerAt(i));
                case INT64 -> contents.addInt64Contents(elements.integerAt(i));
                case UINT64 -> contents.addUint64Contents(elements.integerAt(i));
                case FP32 -> contents.addFp32Contents((float) elements.floatingAt(i));
                case FP64 -> contents.addFp64Contents(elements.floatingAt(i));
                case BYTES -> contents.addBytesContents(elements.bytesAt(i));
                case FP16, BF16 -> throw new IllegalStateException(datatype + " has no typed contents field");
            }
        }
        return contents.build();
    }
}
