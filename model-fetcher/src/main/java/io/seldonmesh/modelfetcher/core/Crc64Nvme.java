package io.seldonmesh.modelfetcher.core;

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

    private long crc = -1L;

    @Override
    public void update(ByteBuffer data) {
        ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        long c = crc;
        long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        while (in.remaining() >= 8) {
            c ^= in.getLong();
            c = t7[(int) c & 0xff] ^ t6[(int) (c >>> 8) & 0xff] ^ t5[(int) (c >>> 16) & 0xff]
                    ^ t4[(int) (c >>> 24) & 0xff] ^ t3[(int) (c >>> 32) & 0xff] ^ t2[(int) (c >>> 40) & 0xff]
                    ^ t1[(int) (c >>> 48) & 0xff] ^ t0[(int) (c >>> 56) & 0xff];
        }
        while (in.hasRemaining()) {
            c = t0[(int) (c ^ in.get()) & 0xff] ^ (c >>> 8);
        }
        crc = c;
        data.position(data.limit());
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
