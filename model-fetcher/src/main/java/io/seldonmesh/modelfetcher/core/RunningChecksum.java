package io.seldonmesh.modelfetcher.core;

import java.nio.ByteBuffer;

/**
 * A checksum computed over a stream of bytes as they arrive, so an object is never held in memory.
 * {@link #finish()} returns the value as S3 transmits it before base64: big-endian bytes.
 */
public interface RunningChecksum {

    /** Consumes the remaining bytes of {@code data}. */
    void update(ByteBuffer data);

    default void update(byte[] data, int offset, int length) {
        update(ByteBuffer.wrap(data, offset, length));
    }

    /** The checksum of everything seen so far; the instance must not be used afterwards. */
    byte[] finish();
}
