package io.seldonmesh.modelfetcher.core;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The algorithms an object's integrity can be checked with: the five S3 additional checksums, and
 * MD5 (the ETag of a plain single-part object, and rclone's {@code md5chksum} metadata).
 */
public enum ChecksumAlgorithm {
    CRC32("CRC32", () -> new Crc32Checksum(new CRC32())),
    CRC32C("CRC32C", () -> new Crc32Checksum(new CRC32C())),
    CRC64NVME("CRC64NVME", Crc64Nvme::new),
    SHA1("SHA1", () -> new MessageDigestChecksum("SHA-1")),
    SHA256("SHA256", () -> new MessageDigestChecksum("SHA-256")),
    MD5("MD5", () -> new MessageDigestChecksum("MD5"));

    private final String s3Name;
    private final Supplier<RunningChecksum> factory;

    ChecksumAlgorithm(String s3Name, Supplier<RunningChecksum> factory) {
        this.s3Name = s3Name;
        this.factory = factory;
    }

    /** The name S3 uses in {@code x-amz-checksum-algorithm} and in the header suffix. */
    public String s3Name() {
        return s3Name;
    }

    /** The response header carrying this checksum, e.g. {@code x-amz-checksum-crc32c}. */
    public String headerName() {
        return "x-amz-checksum-" + s3Name.toLowerCase(Locale.ROOT);
    }

    public RunningChecksum start() {
        return factory.get();
    }

    public byte[] of(byte[] data) {
        RunningChecksum checksum = start();
        checksum.update(ByteBuffer.wrap(data));
        return checksum.finish();
    }

    /** The S3 additional-checksum algorithm with this name (case-insensitive); MD5 is not one. */
    public static Optional<ChecksumAlgorithm> fromS3Name(String name) {
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm != MD5 && algorithm.s3Name.equalsIgnoreCase(name)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
