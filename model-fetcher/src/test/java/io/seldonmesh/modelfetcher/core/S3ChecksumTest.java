package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class S3ChecksumTest {

    @Test
    void fullObjectValueHasNoParts() {
        S3Checksum checksum = S3Checksum.parse(ChecksumAlgorithm.CRC32C, "4waSgw==").orElseThrow();
        assertThat(checksum.composite()).isFalse();
        assertThat(checksum.bytes()).containsExactly(0xe3, 0x06, 0x92, 0x83);
    }

    @Test
    void compositeSuffixGivesThePartCount() {
        S3Checksum checksum = S3Checksum.parse(ChecksumAlgorithm.CRC32, "AAAAAA==-12").orElseThrow();
        assertThat(checksum.composite()).isTrue();
        assertThat(checksum.parts()).isEqualTo(12);
        assertThat(checksum.headerValue()).isEqualTo("AAAAAA==-12");
    }

    @Test
    void valueOfTheWrongLengthOrNotBase64IsNotAChecksum() {
        assertThat(S3Checksum.parse(ChecksumAlgorithm.SHA256, "AAAAAA==")).isEmpty();
        assertThat(S3Checksum.parse(ChecksumAlgorithm.CRC32, "not base64!")).isEmpty();
        assertThat(S3Checksum.parse(ChecksumAlgorithm.CRC32, null)).isEmpty();
    }
}
