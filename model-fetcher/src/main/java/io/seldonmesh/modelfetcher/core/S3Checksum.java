package io.seldonmesh.modelfetcher.core;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 additional checksum as an object's HEAD response reports it: base64 of the big-endian
 * checksum bytes, with a {@code -N} suffix when it is a composite over N uploaded parts (the checksum
 * of the concatenated part checksums) rather than a checksum of the whole content.
 *
 * @param parts 0 for a full-object checksum, N for a composite over N parts
 */
public record S3Checksum(ChecksumAlgorithm algorithm, String base64, int parts) {

    private static final Pattern HEADER_VALUE = Pattern.compile("([A-Za-z0-9+/=]+)(?:-(\\d+))?");

    public boolean composite() {
        return parts > 0;
    }

    public byte[] bytes() {
        return Base64.getDecoder().decode(base64);
    }

    /** The value as S3 writes it in the header, e.g. {@code 3q2+7w==-4}. */
    public String headerValue() {
        return composite() ? base64 + "-" + parts : base64;
    }

    /**
     * Reads a checksum header value; empty when the value is not base64 of the algorithm's length
     * (such a value cannot be verified and must not be mistaken for one).
     */
    public static Optional<S3Checksum> parse(ChecksumAlgorithm algorithm, String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        Matcher matcher = HEADER_VALUE.matcher(headerValue.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(matcher.group(1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (decoded.length != algorithm.start().finish().length) {
            return Optional.empty();
        }
        int parts = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        return Optional.of(new S3Checksum(algorithm, matcher.group(1), parts));
    }
}
