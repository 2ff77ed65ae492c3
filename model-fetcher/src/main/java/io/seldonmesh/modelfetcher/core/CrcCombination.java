package io.seldonmesh.modelfetcher.core;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The CRC of a concatenation from the CRCs of its pieces and their lengths, as zlib's
 * {@code crc32_combine} does (multiplication by x^(8n) modulo the polynomial, in the reflected
 * bit order). It lets parallel ranged GETs each checksum their own bytes while they stream, and
 * still check an object's whole-content CRC32, CRC32C or CRC64NVME without reading the file again.
 * Valid for CRCs whose initial value and final xor are all ones, which is true of all three.
 */
public final class CrcCombination {

    private final int width;
    private final long reflectedPolynomial;
    /** x^(2^k) modulo the polynomial, for k = 0..width-1. */
    private final long[] powers;

    private CrcCombination(int width, long reflectedPolynomial) {
        this.width = width;
        this.reflectedPolynomial = reflectedPolynomial;
        this.powers = new long[width];
        long power = topBit() >>> 1;
        powers[0] = power;
        for (int k = 1; k < width; k++) {
            power = multiply(power, power);
            powers[k] = power;
        }
    }

    private static final CrcCombination CRC32 = new CrcCombination(32, 0xEDB88320L);
    private static final CrcCombination CRC32C = new CrcCombination(32, 0x82F63B78L);
    private static final CrcCombination CRC64NVME = new CrcCombination(64, 0x9A6C9329AC4BC9B5L);

    public static boolean supports(ChecksumAlgorithm algorithm) {
        return of(algorithm) != null;
    }

    /**
     * @param checksums the big-endian CRC of each consecutive piece
     * @param lengths   the length of each piece in bytes
     */
    public static byte[] combine(ChecksumAlgorithm algorithm, List<byte[]> checksums, List<Long> lengths) {
        CrcCombination crc = of(algorithm);
        if (crc == null || checksums.size() != lengths.size() || checksums.isEmpty()) {
            throw new IllegalArgumentException("cannot combine " + checksums.size() + " " + algorithm + " values over "
                    + lengths.size() + " lengths");
        }
        long combined = crc.read(checksums.get(0));
        for (int i = 1; i < checksums.size(); i++) {
            combined = crc.multiply(crc.shiftByBytes(lengths.get(i)), combined) ^ crc.read(checksums.get(i));
        }
        return crc.write(combined);
    }

    private static CrcCombination of(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32 -> CRC32;
            case CRC32C -> CRC32C;
            case CRC64NVME -> CRC64NVME;
            default -> null;
        };
    }

    /** a * b modulo the polynomial, both in reflected order. */
    private long multiply(long a, long b) {
        long product = 0;
        for (long bit = topBit(); bit != 0; bit >>>= 1) {
            if ((a & bit) != 0) {
                product ^= b;
                if ((a & (bit - 1)) == 0) {
                    break;
                }
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ reflectedPolynomial : b >>> 1;
        }
        return product;
    }

    /** x^(8 * bytes) modulo the polynomial. */
    private long shiftByBytes(long bytes) {
        long result = topBit();
        int k = 3;
        for (long n = bytes; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                result = multiply(powers[k % width], result);
            }
        }
        return result;
    }

    private long topBit() {
        return 1L << (width - 1);
    }

    private long read(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        return width == 32 ? buffer.getInt() & 0xFFFFFFFFL : buffer.getLong();
    }

    private byte[] write(long value) {
        return width == 32 ? ByteBuffer.allocate(4).putInt((int) value).array() : ByteBuffer.allocate(8).putLong(value).array();
    }
}
