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

    @Test
    void eachFileIsNamedUnderTheMethodThatVerifiedIt() {
        VerificationSummary summary = new VerificationSummary();
        summary.add(new CachedFile("settings.json", 1, "e", VerificationMethod.SIZE, "size"));
        summary.add(new CachedFile("b.bin", 1, "e", VerificationMethod.MANIFEST_SHA256, "manifest-sha256", "00"));
        summary.add(new CachedFile("a.bin", 1, "e", VerificationMethod.MANIFEST_SHA256, "manifest-sha256", "00"));
        summary.add(new CachedFile("SHA256SUMS", 1, "e", VerificationMethod.S3_CHECKSUM, "sha256"));

        assertThat(summary.verified()).isEqualTo(new Verified("manifest-sha256 (2 files), sha256 (1 file), size (1 file)",
                "verified per file: manifest-sha256: a.bin, b.bin; sha256: SHA256SUMS; size: settings.json"));
    }

    @Test
    void manyFilesAreCutAtTheLimitSayingHowManyMore() {
        VerificationSummary summary = new VerificationSummary();
        for (int i = 0; i < 500; i++) {
            summary.add(new CachedFile("shard-%03d.bin".formatted(i), 1, "e", VerificationMethod.SIZE, "size"));
        }

        String perFile = summary.perFile();

        assertThat(perFile.length()).isLessThanOrEqualTo(VerificationSummary.PER_FILE_LIMIT);
        assertThat(perFile).startsWith("verified per file: size: shard-000.bin, shard-001.bin")
                .matches(".*shard-\\d{3}\\.bin \\.\\.\\. and \\d+ more files");
    }
}
