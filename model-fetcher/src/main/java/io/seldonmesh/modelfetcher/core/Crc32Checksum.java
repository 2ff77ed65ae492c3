package io.seldonmesh.modelfetcher.core;

import java.nio.ByteBuffer;
import java.util.zip.Checksum;

/** CRC32 and CRC32C from {@code java.util.zip} (hardware accelerated), as 4 big-endian bytes. */
final class Crc32Checksum implements RunningChecksum {

    private final Checksum crc;

    Crc32Checksum(Checksum crc) {
        this.crc = crc;
    }

    @Override
    public void update(ByteBuffer data) {
        crc.update(data);
    }

    @Override
    public byte[] finish() {
        return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
    }
}
