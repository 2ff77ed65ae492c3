package io.seldonmesh.common.v2;

import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw form of a BYTES tensor, as Triton and KServe define it: each element is a 4-byte little-endian
 * unsigned length followed by that many bytes, elements back to back.
 */
final class RawBytes {

    private RawBytes() {
    }

    /**

     * Splits raw BYTES data into its elements.

     *

     * @throws V2ValidationException when a length runs past the end

     */
    static List<ByteString> split(String label, ByteString raw) {
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<ByteString> elements = new ArrayList<>();
        int offset = 0;
        int size = raw.size();
        while (offset < size) {
            int remaining = size - offset;
            if (remaining < 4) {
                throw new V2ValidationException(
                        Problems.bytesPrefixTruncated(label, elements.size(), offset, remaining));
            }
            long length = Integer.toUnsignedLong(buffer.getInt(offset));
            if (length > remaining - 4) {
                throw new V2ValidationException(
                        Problems.bytesLengthOverrun(label, elements.size(), offset, length, remaining - 4));
            }
            elements.add(raw.substring(offset + 4, offset + 4 + (int) length));
            offset += 4 + (int) length;
        }
        return elements;
    }

    static ByteString join(List<ByteString> elements) {
        int total = 0;
        for (ByteString element : elements) {
            total += 4 + element.size();
        }
        ByteBuffer buffer = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (ByteString element : elements) {
            buffer.putInt(element.size());
            element.copyTo(buffer);
        }
        buffer.flip();
        return ByteString.copyFrom(buffer);
    }
}
