package io.seldonmesh.common.v2;

import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.proto.InferTensorContents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Element-by-element access to tensor data, whether it sits in typed contents or in raw bytes. Callers ask
 * only for what the datatype holds: integers of INT and UINT tensors (UINT values zero-extended, UINT64 as
 * its unsigned bits), floating values of FP tensors, booleans of BOOL, byte strings of BYTES.
 */
interface Elements {

    long integerAt(int index);

    double floatingAt(int index);

    boolean boolAt(int index);

    ByteString bytesAt(int index);

    static Elements typed(Datatype datatype, InferTensorContents contents) {
        return new Typed(datatype, contents);
    }

    /** Raw little-endian data; for BYTES, {@code bytesElements} is the already split element list. */
    static Elements raw(Datatype datatype, ByteString raw, List<ByteString> bytesElements) {
        return new Raw(datatype, raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN), bytesElements);
    }

    record Typed(Datatype datatype, InferTensorContents contents) implements Elements {

        @Override
        public long integerAt(int index) {
            return switch (datatype) {
                case INT8, INT16, INT32 -> contents.getIntContents(index);
                case UINT8, UINT16, UINT32 -> Integer.toUnsignedLong(contents.getUintContents(index));
                case INT64 -> contents.getInt64Contents(index);
                case UINT64 -> contents.getUint64Contents(index);
                default -> throw new IllegalStateException(datatype + " has no integer elements");
            };
        }

        @Override
        public double floatingAt(int index) {
            return switch (datatype) {
                case FP32 -> contents.getFp32Contents(index);
                case FP64 -> contents.getFp64Contents(index);
                default -> throw new IllegalStateException(datatype + " has no typed floating elements");
            };
        }

        @Override
        public boolean boolAt(int index) {
            return contents.getBoolContents(index);
        }

        @Override
        public ByteString bytesAt(int index) {
            return contents.getBytesContents(index);
        }
    }

    record Raw(Datatype datatype, ByteBuffer buffer, List<ByteString> bytesElements) implements Elements {

        @Override
        public long integerAt(int index) {
            return switch (datatype) {
                case INT8 -> buffer.get(index);
                case UINT8 -> Byte.toUnsignedLong(buffer.get(index));
                case INT16 -> buffer.getShort(index * 2);
                case UINT16 -> Short.toUnsignedLong(buffer.getShort(index * 2));
                case INT32 -> buffer.getInt(index * 4);
                case UINT32 -> Integer.toUnsignedLong(buffer.getInt(index * 4));
                case INT64, UINT64 -> buffer.getLong(index * 8);
                default -> throw new IllegalStateException(datatype + " has no integer elements");
            };
        }

        @Override
        public double floatingAt(int index) {
            return switch (datatype) {
                case FP16 -> HalfFloat.fp16ToFloat(buffer.getShort(index * 2));
                case BF16 -> HalfFloat.bf16ToFloat(buffer.getShort(index * 2));
                case FP32 -> buffer.getFloat(index * 4);
                case FP64 -> buffer.getDouble(index * 8);
                default -> throw new IllegalStateException(datatype + " has no floating elements");
            };
        }

        @Override
        public boolean boolAt(int index) {
            return buffer.get(index) != 0;
        }

        @Override
        public ByteString bytesAt(int index) {
            return bytesElements.get(index);
        }
    }
}
