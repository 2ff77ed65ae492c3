package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ChecksumAlgorithmTest {

    private static final byte[] CHECK_INPUT = "123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void crcsMatchTheCatalogueCheckValuesAsBigEndianBytes() {
        assertThat(hex(ChecksumAlgorithm.CRC32.of(CHECK_INPUT))).isEqualTo("cbf43926");
        assertThat(hex(ChecksumAlgorithm.CRC32C.of(CHECK_INPUT))).isEqualTo("e3069283");
        assertThat(hex(ChecksumAlgorithm.CRC64NVME.of(CHECK_INPUT))).isEqualTo("ae8b14860a799888");
    }

    @Test
    void digestsMatchTheirPublishedTestVectors() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(ChecksumAlgorithm.MD5.of(abc))).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(hex(ChecksumAlgorithm.SHA1.of(abc))).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(hex(ChecksumAlgorithm.SHA256.of(abc)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void checksumOfNoBytesIsTheInitialValueFinalised() {
        assertThat(hex(ChecksumAlgorithm.CRC64NVME.of(new byte[0]))).isEqualTo("0000000000000000");
        assertThat(hex(ChecksumAlgorithm.CRC32C.of(new byte[0]))).isEqualTo("00000000");
    }

    @Test
    void streamingInUnevenChunksGivesTheSameValueAsOneBuffer() {
        byte[] data = new byte[1_000_003];
        new Random(7).nextBytes(data);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            RunningChecksum running = algorithm.start();
            int offset = 0;
            int[] chunks = {1, 7, 8, 13, 4096, 65_537};
            for (int i = 0; offset < data.length; i++) {
                int length = Math.min(chunks[i % chunks.length], data.length - offset);
                ByteBuffer direct = ByteBuffer.allocateDirect(length);
                direct.put(data, offset, length).flip();
                running.update(direct);
                assertThat(direct.hasRemaining()).isFalse();
                offset += length;
            }
            assertThat(running.finish()).as(algorithm.name()).isEqualTo(algorithm.of(data));
        }
    }

    @Test
    void s3NamesMapToAdditionalChecksumsButNotToMd5() {
        assertThat(ChecksumAlgorithm.fromS3Name("crc64nvme")).contains(ChecksumAlgorithm.CRC64NVME);
        assertThat(ChecksumAlgorithm.fromS3Name("SHA256")).contains(ChecksumAlgorithm.SHA256);
        assertThat(ChecksumAlgorithm.fromS3Name("MD5")).isEmpty();
        assertThat(ChecksumAlgorithm.CRC32C.headerName()).isEqualTo("x-amz-checksum-crc32c");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
