package io.seldonmesh.modelgateway.io;

import io.seldonmesh.modelgateway.core.ModelRoute;
import java.util.HashMap;
import java.util.Map;

/**
 * The model server addresses of every model served, read on each call. A model that stops being served keeps its
 * last route: requests of it still in flight (their partitions are being revoked) finish against it.
 */
final class RouteTable {

    private volatile Map<String, ModelRoute> routes = Map.of();

    /** Called by the one thread that follows model status. */
    void update(Map<String, ModelRoute> served) {
        Map<String, ModelRoute> next = new HashMap<>(routes);
        served.forEach((model, route) -> {
            if (!route.equals(next.get(model))) {
                next.put(model, route);
            }
        });
        routes = Map.copyOf(next);
    }

    /** The route of a model, or null when it was never served. */
    ModelRoute route(String model) {
        return routes.get(model);
    }
}
