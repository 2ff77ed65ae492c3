package io.seldonmesh.modelgateway.core;

import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.common.status.ModelStatusTable;
import java.util.ArrayList;
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
    private final ModelStatusTable statuses = new ModelStatusTable();
    private final Set<String> deleted = new HashSet<>();

    public ModelCatalog(ModelServerProtocol protocol, Optional<String> fixedServer) {
        this.protocol = protocol;
        this.fixedServer = fixedServer;
    }

    /** A record of the model status topic; a null status is a tombstone (the replica is gone). */
    public void status(ModelStatusKey key, ModelStatus status) {
        statuses.put(key, status);
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
        for (String model : statuses.models()) {
            List<String> servers = servers(model);
            if (!servers.isEmpty()) {
                routes.put(model, new ModelRoute(model, servers));
            }
        }
        return routes;
    }

    /** Models Available on some replica that cannot be served because no status names a {@code protocol} address. */
    public Set<String> unroutable() {
        Set<String> unroutable = new HashSet<>();
        for (String model : statuses.models()) {
            if (!deleted.contains(model) && statuses.available(model) && servers(model).isEmpty()) {
                unroutable.add(model);
            }
        }
        return unroutable;
    }

    private List<String> servers(String model) {
        if (deleted.contains(model) || !statuses.available(model)) {
            return List.of();
        }
        if (fixedServer.isPresent()) {
            return List.of(fixedServer.get());
        }
        List<String> servers = new ArrayList<>();
        statuses.availableReplicas(model).stream()
                .map(status -> protocol.address(status.endpoints()))
                .filter(address -> address != null && !servers.contains(address))
                .forEach(servers::add);
        return servers;
    }
}
