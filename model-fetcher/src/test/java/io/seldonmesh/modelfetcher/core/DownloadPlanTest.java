package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DownloadPlanTest {

    private static final String URI = "s3://models/iris";

    @Test
    void unchangedFilesAreNotDownloadedAgain() {
        List<RemoteObject> remote = List.of(object("model.onnx", 100, "e1"), object("config/settings.json", 10, "e2"));
        CacheManifest cached = CacheManifest.empty(URI).with(cached("model.onnx", 100, "e1")).with(cached("config/settings.json", 10, "e2"));

        DownloadPlan plan = DownloadPlan.of("iris", URI, remote, cached, Map.of("model.onnx", 100L, "config/settings.json", 10L));

        assertThat(plan.upToDate()).isTrue();
        assertThat(plan.unchanged()).extracting(CachedFile::path).containsExactly("model.onnx", "config/settings.json");
    }

    @Test
    void changedEtagChangedSizeOrMissingFileIsDownloaded() {
        List<RemoteObject> remote = List.of(object("a", 1, "new"), object("b", 2, "e"), object("c", 3, "e"), object("d", 4, "e"));
        CacheManifest cached = CacheManifest.empty(URI).with(cached("a", 1, "old")).with(cached("b", 5, "e"))
                .with(cached("c", 3, "e")).with(cached("d", 4, "e"));

        DownloadPlan plan = DownloadPlan.of("iris", URI, remote, cached, Map.of("a", 1L, "b", 5L, "d", 3L));

        assertThat(plan.toDownload()).extracting(RemoteObject::path).containsExactly("a", "b", "c", "d");
        assertThat(plan.bytesToDownload()).isEqualTo(10);
    }

    @Test
    void filesNoLongerInTheBucketAreObsolete() {
        DownloadPlan plan = DownloadPlan.of("iris", URI, List.of(object("a", 1, "e")),
                CacheManifest.empty(URI).with(cached("a", 1, "e")), Map.of("a", 1L, "old.bin", 7L));

        assertThat(plan.obsolete()).containsExactly("old.bin");
        assertThat(plan.upToDate()).isFalse();
    }

    @Test
    void cacheFromAnotherStorageUriIsNotTrusted() {
        DownloadPlan plan = DownloadPlan.of("iris", "s3://other/iris", List.of(object("a", 1, "e")),
                CacheManifest.empty(URI).with(cached("a", 1, "e")), Map.of("a", 1L));

        assertThat(plan.toDownload()).hasSize(1);
    }

    @Test
    void objectThatWouldNeedAFileToBeADirectoryIsRefused() {
        assertThatThrownBy(() -> DownloadPlan.of("iris", URI, List.of(object("a", 1, "e"), object("a/b", 1, "e")),
                CacheManifest.empty(URI), Map.of()))
                .hasMessage("Model iris: object 'models/iris/a/b' needs 'a' to be a directory, but an object of that name is a file");
    }

    @Test
    void keysLeavingTheModelDirectoryAreRefusedAndDirectoryMarkersSkipped() {
        assertThatThrownBy(() -> RemoteObject.under("iris", "models/iris/", "models/iris/../../etc/passwd", 1, "e"))
                .hasMessageContaining("'models/iris/../../etc/passwd' cannot be a file path under the model directory");
        assertThat(RemoteObject.under("iris", "models/iris/", "models/iris/sub/", 0, "e")).isEmpty();
        assertThat(RemoteObject.under("iris", "models/iris/", "models/iris/sub/x.bin", 3, "\"e\"")).get()
                .isEqualTo(new RemoteObject("models/iris/sub/x.bin", "sub/x.bin", 3, "e"));
    }

    private static RemoteObject object(String path, long size, String eTag) {
        return RemoteObject.under("iris", "models/iris/", "models/iris/" + path, size, eTag).orElseThrow();
    }

    private static CachedFile cached(String path, long size, String eTag) {
        return new CachedFile(path, size, eTag, VerificationMethod.S3_CHECKSUM, "sha256");
    }
}
