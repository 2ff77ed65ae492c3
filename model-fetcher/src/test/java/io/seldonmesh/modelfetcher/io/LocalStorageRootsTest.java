package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageRootsTest {

    @TempDir
    Path directory;

    @Test
    void relativeOrMissingRootStopsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> new LocalStorageRoots(List.of(Path.of("models"))))
                .hasMessage("LOCAL_STORAGE_ROOTS entry 'models' is not an absolute path to an existing directory; list the"
                        + " directories Models may be copied from, comma-separated, e.g. /srv/models");
        assertThatThrownBy(() -> new LocalStorageRoots(List.of(directory, directory.resolve("missing"))))
                .hasMessageStartingWith("LOCAL_STORAGE_ROOTS entry '" + directory.resolve("missing") + "' is not an absolute");
    }
}
