package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private final ModelCatalog grpc = new ModelCatalog(ModelServerProtocol.GRPC, Optional.empty());

    private static ModelStatus status(ModelState state, String rest, String grpc) {
        return new ModelStatus(state, "1", "server-0", rest == null && grpc == null ? null : new Endpoints(rest, grpc),
                null, null, Instant.parse("2026-11-01T10:00:00Z"));
    }

    @Test
    void availableReplicaIsServedAtTheAddressItsStatusNames() {
        grpc.status(new ModelStatusKey("iris", "0"), status(ModelState.AVAILABLE, "http://10.0.0.7:9500", "10.0.0.7:9501"));

        assertThat(grpc.routes()).containsOnlyKeys("iris");
        assertThat(grpc.routes().get("iris").servers()).containsExactly("10.0.0.7:9501");
    }

    @Test
    void restUsesTheRestEndpoint() {
        ModelCatalog rest = new ModelCatalog(ModelServerProtocol.REST, Optional.empty());
        rest.status(new ModelStatusKey("iris", "0"), status(ModelState.AVAILABLE, "http://10.0.0.7:9500", "10.0.0.7:9501"));

        assertThat(rest.routes().get("iris").servers()).containsExactly("http://10.0.0.7:9500");
    }

    @Test
    void modelStopsBeingServedWhenUnloadedOrItsStatusIsRemoved() {
        ModelStatusKey key = new ModelStatusKey("iris", "0");
        grpc.status(key, status(ModelState.AVAILABLE, null, "10.0.0.7:9501"));
        grpc.status(key, status(ModelState.UNLOADED, null, null));
        assertThat(grpc.routes()).isEmpty();

        grpc.status(key, status(ModelState.AVAILABLE, null, "10.0.0.7:9501"));
        grpc.status(key, null);
        assertThat(grpc.routes()).isEmpty();
    }

    @Test
    void loadingOrFailedModelIsNotServed() {
        grpc.status(new ModelStatusKey("a", "0"), status(ModelState.LOADING, null, "h:1"));
        grpc.status(new ModelStatusKey("b", "0"), status(ModelState.LOAD_FAILED, null, "h:1"));

        assertThat(grpc.routes()).isEmpty();
    }

    @Test
    void deletedSpecWinsOverAStaleAvailableStatusUntilTheModelIsCreatedAgain() {
        grpc.status(new ModelStatusKey("iris", "0"), status(ModelState.AVAILABLE, null, "10.0.0.7:9501"));
        grpc.spec("iris", true);
        assertThat(grpc.routes()).isEmpty();

        grpc.spec("iris", false);
        assertThat(grpc.routes()).containsOnlyKeys("iris");
    }

    @Test
    void availableReplicasAreCalledInTurn() {
        grpc.status(new ModelStatusKey("iris", "0"), status(ModelState.AVAILABLE, null, "10.0.0.7:9501"));
        grpc.status(new ModelStatusKey("iris", "1"), status(ModelState.AVAILABLE, null, "10.0.0.8:9501"));
        grpc.status(new ModelStatusKey("iris", "2"), status(ModelState.UNLOADING, null, "10.0.0.9:9501"));

        ModelRoute route = grpc.routes().get("iris");
        assertThat(List.of(route.nextServer(), route.nextServer(), route.nextServer()))
                .containsExactly("10.0.0.7:9501", "10.0.0.8:9501", "10.0.0.7:9501");
    }

    @Test
    void fixedAddressReplacesStatusEndpoints() {
        ModelCatalog fixed = new ModelCatalog(ModelServerProtocol.REST, Optional.of("http://mesh:9000"));
        fixed.status(new ModelStatusKey("iris", "0"), status(ModelState.AVAILABLE, null, null));

        assertThat(fixed.routes().get("iris").servers()).containsExactly("http://mesh:9000");
        assertThat(fixed.unroutable()).isEmpty();
    }

    @Test
    void availableModelWithoutAnAddressIsNamedAsUnroutable() {
        grpc.status(new ModelStatusKey("iris", "0"), status(ModelState.AVAILABLE, "http://10.0.0.7:9500", null));

        assertThat(grpc.routes()).isEmpty();
        assertThat(grpc.unroutable()).containsExactly("iris");
    }
}
