package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ObjectHeadTest {

    @Test
    void headersOfAKmsObjectWithCompositeChecksumAreRead() {
        ObjectHead head = ObjectHead.fromHeaders("models/iris/model.onnx", Map.of(
                "Content-Length", List.of("5244114"),
                "ETag", List.of("\"fc287e18f7d1b14949920a622acaecf1-2\""),
                "x-amz-checksum-crc32c", List.of("V182mQ==-2"),
                "x-amz-server-side-encryption", List.of("aws:kms"),
                "x-amz-server-side-encryption-aws-kms-key-id", List.of("key-1"),
                "X-Amz-Meta-Md5chksum", List.of("nhB9nTcrtoJr2B01QqQZ1g==")));

        assertThat(head.size()).isEqualTo(5244114);
        assertThat(head.eTag()).isEqualTo("fc287e18f7d1b14949920a622acaecf1-2");
        assertThat(head.checksum()).contains(new S3Checksum(ChecksumAlgorithm.CRC32C, "V182mQ==", 2));
        assertThat(head.kmsEncrypted()).isTrue();
        assertThat(head.kmsKeyId()).isEqualTo("key-1");
        assertThat(head.uploadedParts()).isEqualTo(2);
        assertThat(head.userMetadata()).containsEntry("md5chksum", "nhB9nTcrtoJr2B01QqQZ1g==");
    }

    @Test
    void strongestChecksumIsChosenWhenAServerSendsSeveral() {
        ObjectHead head = ObjectHead.fromHeaders("k", Map.of("content-length", List.of("3"),
                "x-amz-checksum-crc32", List.of("AAAAAA=="),
                "x-amz-checksum-sha256", List.of("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")));

        assertThat(head.checksum().orElseThrow().algorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
        assertThat(head.kmsEncrypted()).isFalse();
        assertThat(head.customerKeyEncrypted()).isFalse();
    }
}
