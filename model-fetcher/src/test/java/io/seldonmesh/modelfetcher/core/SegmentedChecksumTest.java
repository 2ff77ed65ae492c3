package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SegmentedChecksumTest {

    private static final byte[] DATA = "abcdefghij".getBytes(StandardCharsets.US_ASCII);

    @Test
    void chunksStraddlingPartBoundariesAreSplitIntoPartChecksums() {
        SegmentedChecksum segmented = new SegmentedChecksum(ChecksumAlgorithm.SHA256, List.of(3L, 5L, 2L));
        segmented.update(ByteBuffer.wrap(DATA, 0, 4));
        segmented.update(ByteBuffer.wrap(DATA, 4, 6));

        List<byte[]> parts = segmented.finish();

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).isEqualTo(ChecksumAlgorithm.SHA256.of(Arrays.copyOfRange(DATA, 0, 3)));
        assertThat(parts.get(1)).isEqualTo(ChecksumAlgorithm.SHA256.of(Arrays.copyOfRange(DATA, 3, 8)));
        assertThat(parts.get(2)).isEqualTo(ChecksumAlgorithm.SHA256.of(Arrays.copyOfRange(DATA, 8, 10)));
    }

    @Test
    void compositeValueIsTheChecksumOfTheConcatenatedPartChecksums() {
        SegmentedChecksum segmented = new SegmentedChecksum(ChecksumAlgorithm.CRC32, List.of(6L, 4L));
        segmented.update(ByteBuffer.wrap(DATA));
        Verification composite = new Verification(VerificationMethod.S3_CHECKSUM, ChecksumAlgorithm.CRC32,
                new byte[4], List.of(6L, 4L), "test");

        byte[] value = composite.valueOf(segmented.finish());

        byte[] first = ChecksumAlgorithm.CRC32.of(Arrays.copyOfRange(DATA, 0, 6));
        byte[] second = ChecksumAlgorithm.CRC32.of(Arrays.copyOfRange(DATA, 6, 10));
        byte[] concatenated = ByteBuffer.allocate(8).put(first).put(second).array();
        assertThat(value).isEqualTo(ChecksumAlgorithm.CRC32.of(concatenated));
        assertThat(composite.render(value)).endsWith("-2");
    }

    @Test
    void streamEndingInsideAPartIsReported() {
        SegmentedChecksum segmented = new SegmentedChecksum(ChecksumAlgorithm.MD5, List.of(10L));
        segmented.update(ByteBuffer.wrap(DATA, 0, 4));

        assertThatThrownBy(segmented::finish).hasMessage("stream ended with 6 bytes of segment 1 of 1 missing");
    }

    @Test
    void moreBytesThanThePartsHoldIsReported() {
        SegmentedChecksum segmented = new SegmentedChecksum(ChecksumAlgorithm.MD5, List.of(4L));

        assertThatThrownBy(() -> segmented.update(ByteBuffer.wrap(DATA))).hasMessage("received more bytes than the 1 segments hold");
    }

    @Test
    void emptyObjectHasTheChecksumOfNoBytes() {
        SegmentedChecksum segmented = new SegmentedChecksum(ChecksumAlgorithm.MD5, List.of(0L));

        assertThat(segmented.finish()).singleElement().isEqualTo(ChecksumAlgorithm.MD5.of(new byte[0]));
    }
}
