package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.StorageResolver;

class LocalArtifactCopierTest {

    @TempDir
    Path root;
    @TempDir
    Path modelsRoot;

    @Test
    void localDirectoryIsCopiedIntoTheVersionLayoutAndOnlyChangesAreCopiedAgain() throws Exception {
        Path source = root.resolve("iris");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("model-settings.json"), "{\"implementation\": \"add10\"}");
        Files.writeString(source.resolve("sub/vocab.txt"), "a b c");
        StorageLocation.Local location = (StorageLocation.Local) StorageResolver.resolve("iris", source.toString(), Optional.empty());
        LocalArtifactCopier copier = copier();

        FetchResult first = copier.copy("iris", "1", location);
        Files.writeString(source.resolve("sub/vocab.txt"), "a b c d");
        Files.setLastModifiedTime(source.resolve("sub/vocab.txt"), FileTime.fromMillis(1_000_000));
        FetchResult second = copier.copy("iris", "1", location);

        assertThat(first.filesDownloaded()).isEqualTo(2);
        assertThat(first.verification()).isEqualTo("size (2 files)");
        assertThat(second.filesDownloaded()).isEqualTo(1);
        assertThat(second.filesUnchanged()).isEqualTo(1);
        assertThat(modelsRoot.resolve("iris/1/sub/vocab.txt")).hasContent("a b c d");
        assertThat(modelsRoot.resolve("iris/1/model-settings.json")).hasContent("{\"implementation\": \"add10\"}");
    }

    @Test
    void missingOrEmptyDirectoryIsNamed() throws Exception {
        LocalArtifactCopier copier = copier();
        Path missing = root.resolve("nowhere");
        Path empty = Files.createDirectories(root.resolve("empty"));

        assertThatThrownBy(() -> copier.copy("iris", "1", new StorageLocation.Local(missing.toString(), missing)))
                .hasMessage("Model iris: storageUri directory " + missing + " does not exist or is not a directory");
        assertThatThrownBy(() -> copier.copy("iris", "1", new StorageLocation.Local(empty.toString(), empty)))
                .hasMessage("Model iris: storageUri directory " + empty.toRealPath() + " holds no files");
    }

    private LocalArtifactCopier copier() {
        return new LocalArtifactCopier(modelsRoot, new LocalStorageRoots(List.of(root)), new FetcherMetrics(new SimpleMeterRegistry()));
    }
}
