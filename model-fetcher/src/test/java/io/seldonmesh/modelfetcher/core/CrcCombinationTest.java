package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CrcCombinationTest {

    @Test
    void crcsOfPiecesCombineToTheCrcOfTheWhole() {
        byte[] data = new byte[3_000_017];
        new Random(3).nextBytes(data);
        long[] cuts = {0, 1, 4096, 1_000_000, 1_000_001, 2_999_999, data.length};
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC64NVME)) {
            List<byte[]> pieces = new ArrayList<>();
            List<Long> lengths = new ArrayList<>();
            for (int i = 1; i < cuts.length; i++) {
                pieces.add(algorithm.of(Arrays.copyOfRange(data, (int) cuts[i - 1], (int) cuts[i])));
                lengths.add(cuts[i] - cuts[i - 1]);
            }

            assertThat(CrcCombination.combine(algorithm, pieces, lengths)).as(algorithm.name()).isEqualTo(algorithm.of(data));
        }
    }

    @Test
    void onlyCrcsCombine() {
        assertThat(CrcCombination.supports(ChecksumAlgorithm.CRC64NVME)).isTrue();
        assertThat(CrcCombination.supports(ChecksumAlgorithm.SHA256)).isFalse();
        assertThat(CrcCombination.supports(ChecksumAlgorithm.MD5)).isFalse();
    }
}
