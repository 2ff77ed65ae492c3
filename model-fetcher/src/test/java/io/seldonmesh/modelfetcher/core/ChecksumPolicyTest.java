package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChecksumPolicyTest {

    private static final String MD5_HEX = "9e107d9d372bb6826bd81d3542a419d6";
    private static final String MD5_BASE64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(MD5_HEX));
    private static final String SHA256 = "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
    private static final String KEY_ID = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd";

    private final ChecksumPolicy policy = new ChecksumPolicy();

    @Test
    void kmsObjectWithFullObjectChecksumIsVerifiedByThatChecksum() {
        Verification decision = policy.decide(head("\"" + MD5_HEX + "\"", sha256(SHA256), "aws:kms", null, Map.of()));

        assertThat(decision.method()).isEqualTo(VerificationMethod.S3_CHECKSUM);
        assertThat(decision.algorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
        assertThat(decision.label()).isEqualTo("sha256");
        assertThat(decision.expectedText()).isEqualTo(SHA256);
        assertThat(decision.reason()).isEqualTo("S3 SHA256 checksum of the whole object");
    }

    @Test
    void compositeChecksumWithPartSizesIsVerifiedPerPart() {
        S3Checksum composite = S3Checksum.parse(ChecksumAlgorithm.CRC32C, "AAAAAA==-3").orElseThrow();
        ObjectHead head = head("abc-3", Optional.of(composite), "aws:kms", null, Map.of()).withPartSizes(List.of(40L, 40L, 20L));

        Verification decision = policy.decide(head);

        assertThat(decision.method()).isEqualTo(VerificationMethod.S3_CHECKSUM);
        assertThat(decision.label()).isEqualTo("crc32c-composite");
        assertThat(decision.partSizes()).containsExactly(40L, 40L, 20L);
        assertThat(decision.expectedText()).isEqualTo("AAAAAA==-3");
    }

    @Test
    void compositeChecksumWithoutPartSizesFallsBackAndSaysWhy() {
        S3Checksum composite = S3Checksum.parse(ChecksumAlgorithm.CRC32C, "AAAAAA==-3").orElseThrow();

        Verification decision = policy.decide(head("abc-3", Optional.of(composite), "aws:kms", null, Map.of()));

        assertThat(decision.method()).isEqualTo(VerificationMethod.SIZE);
        assertThat(decision.reason()).isEqualTo("size only: composite CRC32C checksum over 3 parts needs the part sizes, "
                + "which the server did not report; ETag is not an MD5: object is SSE-KMS encrypted; no md5chksum metadata");
    }

    @Test
    void compositeChecksumWhosePartSizesDoNotAddUpIsNotTrusted() {
        S3Checksum composite = S3Checksum.parse(ChecksumAlgorithm.SHA1, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=-2").orElseThrow();
        ObjectHead head = head("abc-2", Optional.of(composite), null, null, Map.of()).withPartSizes(List.of(40L, 40L));

        Verification decision = policy.decide(head);

        assertThat(decision.method()).isEqualTo(VerificationMethod.SIZE);
        assertThat(decision.reason()).contains("does not match the 2 part sizes reported (80 of 100 bytes)");
    }

    @Test
    void plainSinglePartObjectIsVerifiedByItsEtagAsMd5() {
        Verification decision = policy.decide(head("\"" + MD5_HEX + "\"", Optional.empty(), null, null, Map.of()));

        assertThat(decision.method()).isEqualTo(VerificationMethod.ETAG_MD5);
        assertThat(decision.expectedText()).isEqualTo(MD5_HEX);
        assertThat(decision.label()).isEqualTo("etag-md5");
    }

    @Test
    void sseS3ObjectStillHasAnMd5Etag() {
        assertThat(policy.decide(head(MD5_HEX, Optional.empty(), "AES256", null, Map.of())).method())
                .isEqualTo(VerificationMethod.ETAG_MD5);
    }

    @Test
    void kmsObjectWithoutChecksumIsVerifiedBySizeNamingKms() {
        Verification decision = policy.decide(head(MD5_HEX, Optional.empty(), "aws:kms", null, Map.of()));

        assertThat(decision.method()).isEqualTo(VerificationMethod.SIZE);
        assertThat(decision.label()).isEqualTo("size");
        assertThat(decision.reason()).isEqualTo(
                "size only: no S3 additional checksum; ETag is not an MD5: object is SSE-KMS encrypted; no md5chksum metadata");
    }

    @Test
    void dsseKmsAndSseCObjectsHaveNoMd5Etag() {
        assertThat(policy.decide(head(MD5_HEX, Optional.empty(), "aws:kms:dsse", null, Map.of())).reason())
                .contains("ETag is not an MD5: object is DSSE-KMS encrypted");
        assertThat(policy.decide(head(MD5_HEX, Optional.empty(), null, "AES256", Map.of())).reason())
                .contains("ETag is not an MD5: object is encrypted with a customer key (SSE-C)");
    }

    @Test
    void multipartEtagIsNotAnMd5() {
        assertThat(policy.decide(head(MD5_HEX + "-7", Optional.empty(), null, null, Map.of())).reason())
                .contains("ETag is not an MD5: object was uploaded in 7 parts");
    }

    @Test
    void etagThatIsNotHexIsNotAnMd5() {
        assertThat(policy.decide(head("xyz", Optional.empty(), null, null, Map.of())).reason())
                .contains("ETag 'xyz' is not an MD5 (not 32 hex digits)");
    }

    @Test
    void kmsObjectWithRcloneMd5chksumIsVerifiedByIt() {
        Verification decision = policy.decide(head(MD5_HEX, Optional.empty(), "aws:kms", null,
                Map.of("Md5chksum", MD5_BASE64)));

        assertThat(decision.method()).isEqualTo(VerificationMethod.RCLONE_MD5CHKSUM);
        assertThat(decision.algorithm()).isEqualTo(ChecksumAlgorithm.MD5);
        assertThat(decision.expectedText()).isEqualTo(MD5_BASE64);
        assertThat(decision.reason()).isEqualTo(
                "rclone md5chksum metadata (no S3 additional checksum; ETag is not an MD5: object is SSE-KMS encrypted)");
    }

    @Test
    void md5chksumThatIsNotAnMd5IsNamedInTheReason() {
        Verification decision = policy.decide(head(MD5_HEX + "-2", Optional.empty(), null, null, Map.of("md5chksum", "abc")));

        assertThat(decision.method()).isEqualTo(VerificationMethod.SIZE);
        assertThat(decision.reason()).endsWith("md5chksum metadata 'abc' is not a base64 MD5");
    }

    @Test
    void checksumIsPreferredToAnMd5Etag() {
        assertThat(policy.decide(head(MD5_HEX, sha256(SHA256), null, null, Map.of("md5chksum", MD5_BASE64))).method())
                .isEqualTo(VerificationMethod.S3_CHECKSUM);
    }

    private static Optional<S3Checksum> sha256(String value) {
        return S3Checksum.parse(ChecksumAlgorithm.SHA256, value);
    }

    private static ObjectHead head(String eTag, Optional<S3Checksum> checksum, String sse, String sseCustomer,
                                   Map<String, String> metadata) {
        return new ObjectHead("models/iris/model.onnx", 100, eTag, checksum, sse, sse == null ? null : KEY_ID,
                sseCustomer, metadata, List.of());
    }
}
