package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerificationSummaryTest {

    @Test
    void strongestMethodsComeFirstWithTheirFileCounts() {
        VerificationSummary summary = new VerificationSummary();
        summary.add(VerificationMethod.SIZE, "size");
        summary.add(VerificationMethod.S3_CHECKSUM, "sha256");
        summary.add(VerificationMethod.S3_CHECKSUM, "sha256");
        summary.add(VerificationMethod.ETAG_MD5, "etag-md5");

        assertThat(summary).hasToString("sha256 (2 files), etag-md5 (1 file), size (1 file)");
        assertThat(summary.anySizeOnly()).isTrue();
    }

    @Test
    void modelWithoutFilesSaysSo() {
        assertThat(new VerificationSummary()).hasToString("none (no files)");
    }
}
