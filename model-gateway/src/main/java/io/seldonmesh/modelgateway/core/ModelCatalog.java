package io.seldonmesh.modelgateway.core;

import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which models the gateway serves and where, from the compacted status and control topics.
 *
 * <p>A model is served while at least one replica's latest status is {@code Available} and its spec has not been
 * deleted (a tombstone on the control topic wins over a stale status). Requests go to the servers of the
 * Available replicas in turn, or to the one fixed address when one is configured. A model that is Available but
 * whose status names no address for the protocol is not served: its requests wait on Kafka, and
 * {@link #unroutable()} names it for the log.
 *
 * <p>Not thread-safe: fed by the one thread that reads those topics.
 */
public final class ModelCatalog {

    private final ModelServerProtocol protocol;
    private final Optional<String> fixedServer;
    private final Map<String, Map<String, ModelStatus>> replicas = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();

    public ModelCatalog(ModelServerProtocol protocol, Optional<String> fixedServer) {
        this.protocol = protocol;
        this.fixedServer = fixedServer;
    }

    /** A record of the model status topic; a null status is a tombstone (the replica is gone). */
    public void status(ModelStatusKey key, ModelStatus status) {
        if (status == null) {
            Map<String, ModelStatus> of = replicas.get(key.model());
            if (of != null) {
                of.remove(key.replica());
                if (of.isEmpty()) {
                    replicas.remove(key.model());
                }
            }
            return;
        }
        replicas.computeIfAbsent(key.model(), m -> new TreeMap<>()).put(key.replica(), status);
    }

    /** A record of the model control topic: a spec, or a tombstone when {@code deleted}. */
    public void spec(String model, boolean isDeleted) {
        if (isDeleted) {
            deleted.add(model);
        } else {
            deleted.remove(model);
        }
    }

    /** The models to serve now, by name, each with the servers to call. */
    public Map<String, ModelRoute> routes() {
        Map<String, ModelRoute> routes = new TreeMap<>();
        replicas.forEach((model, byReplica) -> {
            List<String> servers = servers(model, byReplica);
            if (!servers.isEmpty()) {
                routes.put(model, new ModelRoute(model, servers));
            }
        });
        return routes;
    }

    /** Models Available on some replica that cannot be served because no status names a {@code protocol} address. */
    public Set<String> unroutable() {
        Set<String> unroutable = new HashSet<>();
        replicas.forEach((model, byReplica) -> {
            if (!deleted.contains(model) && available(byReplica).findAny().isPresent()
                    && servers(model, byReplica).isEmpty()) {
                unroutable.add(model);
            }
        });
        return unroutable;
    }

    private List<String> servers(String model, Map<String, ModelStatus> byReplica) {
        if (deleted.contains(model) || available(byReplica).findAny().isEmpty()) {
            return List.of();
        }
        if (fixedServer.isPresent()) {
            return List.of(fixedServer.get());
        }
        List<String> servers = new ArrayList<>();
        available(byReplica)
                .map(status -> protocol.address(status.endpoints()))
                .filter(address -> address != null && !servers.contains(address))
                .forEach(servers::add);
        return servers;
    }

    private static java.util.stream.Stream<ModelStatus> available(Map<String, ModelStatus> byReplica) {
        return byReplica.values().stream().filter(status -> status.state() == ModelState.AVAILABLE);
    }
}
