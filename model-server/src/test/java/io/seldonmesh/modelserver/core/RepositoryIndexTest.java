package io.seldonmesh.modelserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryIndexTest {

    @Test
    void modelsOnDiskThatAreNotLoadedAreUnavailable() {
        List<ModelEntry> known = List.of(ModelEntry.failed("broken", "bad settings"));

        assertThat(RepositoryIndex.of(known, List.of("add10", "broken"), false)).containsExactly(
                new RepositoryIndex.Item("add10", "", ModelState.UNAVAILABLE, "not loaded"),
                new RepositoryIndex.Item("broken", "", ModelState.UNAVAILABLE, "bad settings"));
        assertThat(RepositoryIndex.of(known, List.of("add10", "broken"), true)).isEmpty();
    }
}
