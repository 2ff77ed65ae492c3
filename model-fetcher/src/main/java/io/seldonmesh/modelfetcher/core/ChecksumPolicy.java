package io.seldonmesh.modelfetcher.core;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides, per object and from that object's own headers, how its download is verified. The rules,
 * strongest evidence first:
 * <ol>
 *   <li>an S3 additional checksum: verified over the whole content, or, when composite
 *       ({@code -N}), over each uploaded part and then combined; a composite needs the part sizes;</li>
 *   <li>the ETag as an MD5, only when it can be one: single-part and not SSE-KMS, DSSE-KMS or SSE-C
 *       (S3 documents that only plaintext and SSE-S3 single-part objects have an MD5 ETag);</li>
 *   <li>rclone's {@code md5chksum} user metadata (base64 MD5 of the content);</li>
 *   <li>the size alone, with the reason each stronger rule did not apply.</li>
 * </ol>
 * rclone's {@code disable_checksum} is not an input: in rclone it stops the upload from computing
 * {@code md5chksum}, it never made a download safe to leave unchecked.
 */
public final class ChecksumPolicy {

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
    private static final String RCLONE_MD5_KEY = "md5chksum";

    public Verification decide(ObjectHead head) {
        List<String> notUsed = new ArrayList<>();

        Optional<Verification> byChecksum = additionalChecksum(head, notUsed);
        if (byChecksum.isPresent()) {
            return byChecksum.get();
        }
        Optional<String> eTagProblem = whyETagIsNotAnMd5(head);
        if (eTagProblem.isEmpty()) {
            return new Verification(VerificationMethod.ETAG_MD5, ChecksumAlgorithm.MD5,
                    HexFormat.of().parseHex(head.eTag()), List.of(),
                    "ETag is the MD5 of a single-part object without KMS or customer-key encryption"
                            + prefixed(notUsed));
        }
        notUsed.add(eTagProblem.get());

        String rcloneMd5 = head.userMetadata().get(RCLONE_MD5_KEY);
        if (rcloneMd5 != null) {
            Optional<byte[]> md5 = decodeMd5(rcloneMd5);
            if (md5.isPresent()) {
                return new Verification(VerificationMethod.RCLONE_MD5CHKSUM, ChecksumAlgorithm.MD5, md5.get(),
                        List.of(), "rclone md5chksum metadata" + prefixed(notUsed));
            }
            notUsed.add("md5chksum metadata '" + rcloneMd5 + "' is not a base64 MD5");
        } else {
            notUsed.add("no md5chksum metadata");
        }
        return Verification.sizeOnly("size only: " + String.join("; ", notUsed));
    }

    private static Optional<Verification> additionalChecksum(ObjectHead head, List<String> notUsed) {
        if (head.checksum().isEmpty()) {
            notUsed.add("no S3 additional checksum");
            return Optional.empty();
        }
        S3Checksum checksum = head.checksum().get();
        String name = checksum.algorithm().s3Name();
        if (!checksum.composite()) {
            return Optional.of(new Verification(VerificationMethod.S3_CHECKSUM, checksum.algorithm(),
                    checksum.bytes(), List.of(), "S3 " + name + " checksum of the whole object"));
        }
        List<Long> parts = head.partSizes();
        long partsTotal = parts.stream().mapToLong(Long::longValue).sum();
        if (parts.size() == checksum.parts() && partsTotal == head.size()) {
            return Optional.of(new Verification(VerificationMethod.S3_CHECKSUM, checksum.algorithm(),
                    checksum.bytes(), parts,
                    "S3 composite " + name + " checksum over " + checksum.parts() + " parts"));
        }
        notUsed.add(parts.isEmpty()
                ? "composite " + name + " checksum over " + checksum.parts()
                        + " parts needs the part sizes, which the server did not report"
                : "composite " + name + " checksum over " + checksum.parts() + " parts does not match the "
                        + parts.size() + " part sizes reported (" + partsTotal + " of " + head.size() + " bytes)");
        return Optional.empty();
    }

    private static Optional<String> whyETagIsNotAnMd5(ObjectHead head) {
        if (head.customerKeyEncrypted()) {
            return Optional.of("ETag is not an MD5: object is encrypted with a customer key (SSE-C)");
        }
        if (head.kmsEncrypted()) {
            String kind = head.serverSideEncryption().toLowerCase(Locale.ROOT).contains("dsse") ? "DSSE-KMS" : "SSE-KMS";
            return Optional.of("ETag is not an MD5: object is " + kind + " encrypted");
        }
        int parts = head.uploadedParts();
        if (parts > 0 || head.eTag().contains("-")) {
            return Optional.of("ETag is not an MD5: object was uploaded in " + (parts > 0 ? parts + " " : "") + "parts");
        }
        if (!MD5_HEX.matcher(head.eTag()).matches()) {
            return Optional.of("ETag '" + head.eTag() + "' is not an MD5 (not 32 hex digits)");
        }
        return Optional.empty();
    }

    private static Optional<byte[]> decodeMd5(String base64) {
        try {
            byte[] md5 = Base64.getDecoder().decode(base64.trim());
            return md5.length == 16 ? Optional.of(md5) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static String prefixed(List<String> notUsed) {
        return notUsed.isEmpty() ? "" : " (" + String.join("; ", notUsed) + ")";
    }
}
