package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.StorageResolver;

class LocalArtifactCopierTest {

    @TempDir
    Path source;
    @TempDir
    Path modelsRoot;

    @Test
    void localDirectoryIsCopiedIntoTheVersionLayoutAndOnlyChangesAreCopiedAgain() throws Exception {
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("model-settings.json"), "{\"implementation\": \"add10\"}");
        Files.writeString(source.resolve("sub/vocab.txt"), "a b c");
        StorageLocation.Local location = (StorageLocation.Local) StorageResolver.resolve("iris", source.toString(), Optional.empty());
        LocalArtifactCopier copier = new LocalArtifactCopier(modelsRoot, new SimpleMeterRegistry());

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
        LocalArtifactCopier copier = new LocalArtifactCopier(modelsRoot, new SimpleMeterRegistry());

        assertThatThrownBy(() -> copier.copy("iris", "1", new StorageLocation.Local("/nowhere", Path.of("/nowhere"))))
                .hasMessage("Model iris: storageUri directory /nowhere does not exist or is not a directory");
        assertThatThrownBy(() -> copier.copy("iris", "1", new StorageLocation.Local(source.toString(), source)))
                .hasMessage("Model iris: storageUri directory " + source + " holds no files");
    }
}
