package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TransferPlanTest {

    private static final long MIB = 1 << 20;
    private static final Verification SHA256 = new Verification(VerificationMethod.S3_CHECKSUM, ChecksumAlgorithm.SHA256,
            new byte[32], List.of(), "test");

    @Test
    void smallObjectIsOneGetChecksummedWhileItStreams() {
        TransferPlan plan = TransferPlan.of(5 * MIB, SHA256, 64 * MIB, 16 * MIB);

        assertThat(plan.wholeObject()).isTrue();
        assertThat(plan.assembly()).isEqualTo(TransferPlan.Assembly.WHOLE);
        assertThat(plan.ranges()).containsExactly(new ByteRange(0, 5 * MIB, List.of(5 * MIB)));
    }

    @Test
    void largeObjectWithWholeObjectShaIsFetchedInRangesAndReadBack() {
        TransferPlan plan = TransferPlan.of(40 * MIB + 1, SHA256, 32 * MIB, 16 * MIB);

        assertThat(plan.wholeObject()).isFalse();
        assertThat(plan.assembly()).isEqualTo(TransferPlan.Assembly.READ_BACK);
        assertThat(plan.ranges()).allSatisfy(range -> assertThat(range.checksumSegments()).isEmpty());
        assertThat(plan.ranges()).extracting(ByteRange::httpRange).containsExactly(
                "bytes=0-16777215", "bytes=16777216-33554431", "bytes=33554432-41943040");
    }

    @Test
    void largeObjectWithCompositeChecksumIsFetchedInPartAlignedRanges() {
        Verification composite = new Verification(VerificationMethod.S3_CHECKSUM, ChecksumAlgorithm.CRC32C, new byte[4],
                List.of(8 * MIB, 8 * MIB, 8 * MIB, 20 * MIB, 1 * MIB), "test");

        TransferPlan plan = TransferPlan.of(45 * MIB, composite, 32 * MIB, 16 * MIB);

        assertThat(plan.assembly()).isEqualTo(TransferPlan.Assembly.COMPOSITE);
        assertThat(plan.ranges()).containsExactly(
                new ByteRange(0, 16 * MIB, List.of(8 * MIB, 8 * MIB)),
                new ByteRange(16 * MIB, 8 * MIB, List.of(8 * MIB)),
                new ByteRange(24 * MIB, 20 * MIB, List.of(20 * MIB)),
                new ByteRange(44 * MIB, 1 * MIB, List.of(1 * MIB)));
    }

    @Test
    void largeObjectWithWholeObjectCrcChecksumsEachRangeAndCombines() {
        Verification crc64 = new Verification(VerificationMethod.S3_CHECKSUM, ChecksumAlgorithm.CRC64NVME, new byte[8],
                List.of(), "test");

        TransferPlan plan = TransferPlan.of(40 * MIB, crc64, 32 * MIB, 16 * MIB);

        assertThat(plan.assembly()).isEqualTo(TransferPlan.Assembly.CRC_COMBINE);
        assertThat(plan.ranges()).extracting(ByteRange::checksumSegments)
                .containsExactly(List.of(16 * MIB), List.of(16 * MIB), List.of(8 * MIB));
        assertThat(plan.rangeLengths()).containsExactly(16 * MIB, 16 * MIB, 8 * MIB);
    }

    @Test
    void sizeOnlyObjectIsNotChecksummed() {
        TransferPlan plan = TransferPlan.of(100 * MIB, Verification.sizeOnly("none"), 32 * MIB, 50 * MIB);

        assertThat(plan.assembly()).isEqualTo(TransferPlan.Assembly.NONE);
        assertThat(plan.ranges()).allSatisfy(range -> assertThat(range.checksumSegments()).isEmpty());
        assertThat(plan.ranges()).hasSize(2);
    }
}
