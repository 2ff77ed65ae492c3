package io.seldonmesh.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantitiesAndUrisTest {

    @Test
    void kubernetesQuantitiesBecomeBytesRoundedUp() {
        assertThat(MemoryQuantity.bytes("100Ki")).isEqualTo(102_400);
        assertThat(MemoryQuantity.bytes("1.5Gi")).isEqualTo(1_610_612_736L);
        assertThat(MemoryQuantity.bytes("2G")).isEqualTo(2_000_000_000L);
        assertThat(MemoryQuantity.bytes("1e3")).isEqualTo(1000);
        assertThat(MemoryQuantity.bytes("500m")).isEqualTo(1);
        assertThat(MemoryQuantity.bytes("12345")).isEqualTo(12_345);
        assertThat(MemoryQuantity.bytes("2E")).isEqualTo(2_000_000_000_000_000_000L);
        assertThat(MemoryQuantity.bytes("1Ei")).isEqualTo(1L << 60);
    }

    @Test
    void notAQuantityOrTooLargeIsRejected() {
        assertThatThrownBy(() -> MemoryQuantity.bytes("1KB")).hasMessageContaining("'1KB' is not a Kubernetes quantity");
        assertThatThrownBy(() -> MemoryQuantity.bytes("100Ei")).hasMessageContaining("more bytes than can be counted");
    }

    @Test
    void storageUrisSplitIntoRemoteBucketAndPath() {
        assertThat(StorageUri.parse("s3://models/iris/v1")).isEqualTo(new StorageUri("s3", "models", "iris/v1"));
        assertThat(StorageUri.parse("s3-kms://bucket")).isEqualTo(new StorageUri("s3-kms", "bucket", ""));
        assertThat(StorageUri.parse("/var/models/iris").isLocal()).isTrue();
        assertThat(StorageUri.parse("gs://b/p")).hasToString("gs://b/p");
    }

    @Test
    void relativePathsAndMissingBucketsAreRejected() {
        assertThatThrownBy(() -> StorageUri.parse("models/iris")).hasMessageContaining("is not <remote>://<bucket>/<path>");
        assertThatThrownBy(() -> StorageUri.parse("//host/iris")).hasMessageContaining("is not <remote>://<bucket>/<path>");
        assertThatThrownBy(() -> StorageUri.parse("s3://")).hasMessageContaining("is not <remote>://<bucket>/<path>");
    }
}
