package io.seldonmesh.common.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelStatusTableTest {

    private final ModelStatusTable table = new ModelStatusTable();

    @Test
    void modelIsAvailableWhenAnyReplicaIs() {
        table.put(ModelStatusKey.parse("iris/server-0"), status(ModelState.LOAD_FAILED, "disk full"));
        assertThat(table.available("iris")).isFalse();

        table.put(ModelStatusKey.parse("iris/server-1"), status(ModelState.AVAILABLE, null));

        assertThat(table.available("iris")).isTrue();
        assertThat(table.availableReplicas("iris")).hasSize(1);
    }

    @Test
    void whyItCannotBeServedNamesEachReplicaAndItsReason() {
        table.put(ModelStatusKey.parse("iris/server-1"), status(ModelState.LOADING, null));
        table.put(ModelStatusKey.parse("iris/server-0"), status(ModelState.LOAD_FAILED, "disk full"));

        assertThat(table.describe("iris"))
                .isEqualTo("replica server-0 is LoadFailed (disk full); replica server-1 is Loading");
        assertThat(table.describe("unknown")).isEqualTo("no model server has reported loading it yet");
    }

    @Test
    void tombstoneRemovesTheReplicaAndTheLastOneTheModel() {
        table.put(ModelStatusKey.parse("iris/server-0"), status(ModelState.AVAILABLE, null));
        table.put(ModelStatusKey.parse("iris/server-0"), null);

        assertThat(table.replicas("iris")).isEmpty();
        assertThat(table.models()).isEmpty();
    }

    private static ModelStatus status(ModelState state, String reason) {
        return new ModelStatus(state, "1", "server", null, reason, null, Instant.now());
    }
}
