package io.seldonmesh.modelfetcher.core;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The decision for one object: which evidence its downloaded bytes are checked against, and why.
 *
 * @param algorithm the checksum to compute; null for {@link VerificationMethod#SIZE}
 * @param expected  the value the object's metadata promises (for a composite: the composite value)
 * @param partSizes for a composite checksum, the part boundaries the part checksums are taken over;
 *                  empty for a full-object checksum
 * @param reason    for a person: why this method, and why nothing stronger
 */
public record Verification(VerificationMethod method, ChecksumAlgorithm algorithm, byte[] expected,
                           List<Long> partSizes, String reason) {

    public Verification {
        partSizes = List.copyOf(partSizes);
    }

    public static Verification sizeOnly(String reason) {
        return new Verification(VerificationMethod.SIZE, null, new byte[0], List.of(), reason);
    }

    public boolean composite() {
        return !partSizes.isEmpty();
    }

    /** The short name published in the model status, e.g. {@code sha256}, {@code crc32c-composite}, {@code etag-md5}. */
    public String label() {
        return switch (method) {
            case MANIFEST_SHA256 -> "manifest-sha256";
            case S3_CHECKSUM -> algorithm.s3Name().toLowerCase(Locale.ROOT) + (composite() ? "-composite" : "");
            case ETAG_MD5 -> "etag-md5";
            case RCLONE_MD5CHKSUM -> "md5chksum";
            case SIZE -> "size";
        };
    }

    /** The expected value written as its source writes it: hex for an ETag or a manifest, base64 otherwise. */
    public String expectedText() {
        return render(expected);
    }

    /** A computed value in the same notation as {@link #expectedText()}. */
    public String render(byte[] value) {
        if (method == VerificationMethod.ETAG_MD5 || method == VerificationMethod.MANIFEST_SHA256) {
            return HexFormat.of().formatHex(value);
        }
        String base64 = Base64.getEncoder().encodeToString(value);
        return composite() ? base64 + "-" + partSizes.size() : base64;
    }

    /** Where the expected value came from, for messages: a header name. */
    public String source() {
        return switch (method) {
            case MANIFEST_SHA256 -> "the model's hash manifest";
            case S3_CHECKSUM -> algorithm.headerName();
            case ETAG_MD5 -> "ETag";
            case RCLONE_MD5CHKSUM -> "x-amz-meta-md5chksum";
            case SIZE -> "Content-Length";
        };
    }

    /**
     * The value the downloaded bytes give, from the checksum of each segment: the single segment of a
     * whole-object checksum, or, for a composite, the checksum of the concatenated part checksums.
     */
    public byte[] valueOf(List<byte[]> segmentChecksums) {
        if (!composite()) {
            return segmentChecksums.get(0);
        }
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        segmentChecksums.forEach(concatenated::writeBytes);
        return algorithm.of(concatenated.toByteArray());
    }
}
