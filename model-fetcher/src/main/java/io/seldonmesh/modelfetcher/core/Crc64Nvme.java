package io.seldonmesh.modelfetcher.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * CRC-64/NVME, the checksum S3 adds to new objects by default. The JDK has no CRC64 and the AWS SDK
 * delegates this one to its native CRT library, which this service does not ship. Parameters (from
 * the NVMe specification): reflected polynomial 0x9A6C9329AC4BC9B5, initial value and final xor all
 * ones. Computed eight bytes at a time ("slicing-by-8") so it keeps pace with a network stream.
 */
public final class Crc64Nvme implements RunningChecksum {

    private static final long REFLECTED_POLYNOMIAL = 0x9A6C9329AC4BC9B5L;
    private static final long[][] TABLES = buildTables();
    private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long crc = -1L;

    @Override
    public void update(ByteBuffer data) {
        if (data.hasArray()) {
            crc = update(crc, data.array(), data.arrayOffset() + data.position(), data.remaining());
        } else {
            ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
            long c = crc;
            while (in.remaining() >= 8) {
                c = eightBytes(c ^ in.getLong());
            }
            while (in.hasRemaining()) {
                c = TABLES[0][(int) (c ^ in.get()) & 0xff] ^ (c >>> 8);
            }
            crc = c;
        }
        data.position(data.limit());
    }

    @Override
    public void update(byte[] data, int offset, int length) {
        crc = update(crc, data, offset, length);
    }

    private static long update(long crc, byte[] data, int offset, int length) {
        long c = crc;
        int end = offset + length;
        int at = offset;
        for (; end - at >= 8; at += 8) {
            c = eightBytes(c ^ (long) LITTLE_ENDIAN_LONGS.get(data, at));
        }
        for (; at < end; at++) {
            c = TABLES[0][(int) (c ^ data[at]) & 0xff] ^ (c >>> 8);
        }
        return c;
    }

    private static long eightBytes(long c) {
        long[][] t = TABLES;
        return t[7][(int) c & 0xff] ^ t[6][(int) (c >>> 8) & 0xff] ^ t[5][(int) (c >>> 16) & 0xff]
                ^ t[4][(int) (c >>> 24) & 0xff] ^ t[3][(int) (c >>> 32) & 0xff] ^ t[2][(int) (c >>> 40) & 0xff]
                ^ t[1][(int) (c >>> 48) & 0xff] ^ t[0][(int) (c >>> 56)];
    }

    @Override
    public byte[] finish() {
        return ByteBuffer.allocate(8).putLong(~crc).array();
    }

    private static long[][] buildTables() {
        long[][] tables = new long[8][256];
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ REFLECTED_POLYNOMIAL : c >>> 1;
            }
            tables[0][n] = c;
        }
        for (int k = 1; k < 8; k++) {
            for (int n = 0; n < 256; n++) {
                long previous = tables[k - 1][n];
                tables[k][n] = (previous >>> 8) ^ tables[0][(int) previous & 0xff];
            }
        }
        return tables;
    }
}
