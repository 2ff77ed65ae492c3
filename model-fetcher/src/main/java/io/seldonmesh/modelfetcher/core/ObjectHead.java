package io.seldonmesh.modelfetcher.core;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an object's own HEAD response says about it: the facts {@link ChecksumPolicy} decides from.
 * Encryption comes from the object's headers, never from the remote's configuration: a bucket's
 * default encryption or an older upload can differ from what the config would write today.
 *
 * @param eTag                 without the surrounding quotes
 * @param checksum             the S3 additional checksum, when the object has one
 * @param serverSideEncryption {@code x-amz-server-side-encryption}: {@code AES256}, {@code aws:kms},
 *                             {@code aws:kms:dsse}, or null
 * @param kmsKeyId             {@code x-amz-server-side-encryption-aws-kms-key-id}, or null
 * @param sseCustomerAlgorithm {@code x-amz-server-side-encryption-customer-algorithm} (SSE-C), or null
 * @param userMetadata         {@code x-amz-meta-*} with the prefix removed, keys in lower case
 * @param partSizes            sizes of the uploaded parts in order, when known; empty otherwise
 */
public record ObjectHead(String key, long size, String eTag, Optional<S3Checksum> checksum,
                         String serverSideEncryption, String kmsKeyId, String sseCustomerAlgorithm,
                         Map<String, String> userMetadata, List<Long> partSizes) {

    private static final Pattern MULTIPART_ETAG = Pattern.compile(".*-(\\d+)");

    public ObjectHead {
        eTag = unquote(eTag);
        userMetadata = Map.copyOf(lowerCaseKeys(userMetadata));
        partSizes = List.copyOf(partSizes);
    }

    /** Checksum headers in order of preference; S3 sends one, an S3-compatible server might send more. */
    private static final List<ChecksumAlgorithm> CHECKSUM_PREFERENCE = List.of(ChecksumAlgorithm.SHA256,
            ChecksumAlgorithm.SHA1, ChecksumAlgorithm.CRC64NVME, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC32);
    private static final String META_PREFIX = "x-amz-meta-";

    /**
     * Reads the response headers of a HEAD, or of a GET of the whole object (the same headers, so a
     * small object needs no separate HEAD). Header names are matched without regard to case.
     */
    public static ObjectHead fromHeaders(String key, Map<String, List<String>> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, values) -> {
            if (!values.isEmpty()) {
                lower.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        Optional<S3Checksum> checksum = Optional.empty();
        for (ChecksumAlgorithm algorithm : CHECKSUM_PREFERENCE) {
            checksum = S3Checksum.parse(algorithm, lower.get(algorithm.headerName()));
            if (checksum.isPresent()) {
                break;
            }
        }
        Map<String, String> metadata = new HashMap<>();
        lower.forEach((name, value) -> {
            if (name.startsWith(META_PREFIX)) {
                metadata.put(name.substring(META_PREFIX.length()), value);
            }
        });
        String length = lower.getOrDefault("content-length", "-1");
        return new ObjectHead(key, Long.parseLong(length.trim()), lower.get("etag"), checksum,
                lower.get("x-amz-server-side-encryption"), lower.get("x-amz-server-side-encryption-aws-kms-key-id"),
                lower.get("x-amz-server-side-encryption-customer-algorithm"), metadata, List.of());
    }

    public ObjectHead withPartSizes(List<Long> sizes) {
        return new ObjectHead(key, size, eTag, checksum, serverSideEncryption, kmsKeyId,
                sseCustomerAlgorithm, userMetadata, sizes);
    }

    /** How many parts the object was uploaded in, when its ETag or checksum says so. */
    public int uploadedParts() {
        if (checksum.isPresent() && checksum.get().composite()) {
            return checksum.get().parts();
        }
        Matcher matcher = MULTIPART_ETAG.matcher(eTag == null ? "" : eTag);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    public boolean kmsEncrypted() {
        return serverSideEncryption != null && serverSideEncryption.toLowerCase(Locale.ROOT).startsWith("aws:kms");
    }

    public boolean customerKeyEncrypted() {
        return sseCustomerAlgorithm != null && !sseCustomerAlgorithm.isBlank();
    }

    private static String unquote(String value) {
        if (value == null) {
            return "";
        }
        String trimmed = value.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> metadata) {
        Map<String, String> lower = new HashMap<>();
        metadata.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }
}
