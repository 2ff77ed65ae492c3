package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeOnlyReasonsTest {

    private static final String KMS = "size only: no S3 additional checksum; ETag is not an MD5: object is SSE-KMS encrypted; "
            + "no md5chksum metadata";
    private static final String MULTIPART = "size only: no S3 additional checksum; ETag is not an MD5: object was "
            + "uploaded in 3 parts; no md5chksum metadata";

    @Test
    void filesWithTheSameReasonAreOneEntryWithTheirCountCommonestFirst() {
        SizeOnlyReasons reasons = new SizeOnlyReasons();
        reasons.add(KMS);
        for (int i = 0; i < 200; i++) {
            reasons.add(MULTIPART);
        }

        assertThat(reasons.files()).isEqualTo(201);
        assertThat(reasons).hasToString("201 files verified by size only: no S3 additional checksum; ETag is not an MD5: "
                + "object was uploaded in 3 parts; no md5chksum metadata (200 files); and no S3 additional checksum; ETag is not "
                + "an MD5: object is SSE-KMS encrypted; no md5chksum metadata (1 file)");
    }

    @Test
    void oneFileIsSaidInTheSingular() {
        SizeOnlyReasons reasons = new SizeOnlyReasons();
        reasons.add(KMS);

        assertThat(reasons).hasToString("1 file verified by size only: no S3 additional checksum; ETag is not an MD5: object "
                + "is SSE-KMS encrypted; no md5chksum metadata (1 file)");
    }
}
