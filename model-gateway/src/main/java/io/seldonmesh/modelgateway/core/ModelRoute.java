package io.seldonmesh.modelgateway.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where requests for one model go: the model server address of each replica that has it Available (or the one
 * fixed address configured), used in turn. Equal when model and servers are equal.
 */
public final class ModelRoute {

    private final String model;
    private final List<String> servers;
    private final AtomicLong turn = new AtomicLong();

    /** @param servers REST base URLs ({@code http://host:port}) or gRPC targets ({@code host:port}), not empty */
    public ModelRoute(String model, List<String> servers) {
        this.model = model;
        this.servers = List.copyOf(servers);
        if (this.servers.isEmpty()) {
            throw new IllegalArgumentException("model '" + model + "' has no model server address to call");
        }
    }

    public String model() {
        return model;
    }

    public List<String> servers() {
        return servers;
    }

    /** The next server, round robin over the replicas. */
    public String nextServer() {
        return servers.get((int) Math.floorMod(turn.getAndIncrement(), (long) servers.size()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelRoute that && model.equals(that.model) && servers.equals(that.servers);
    }

    @Override
    public int hashCode() {
        return model.hashCode() * 31 + servers.hashCode();
    }

    @Override
    public String toString() {
        return model + " -> " + servers;
    }
}
