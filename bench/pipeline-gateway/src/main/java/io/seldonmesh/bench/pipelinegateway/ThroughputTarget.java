package io.seldonmesh.bench.pipelinegateway;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A throughput target: requests per second of one path under the closed-loop load of all the clients. */
record ThroughputTarget(Route route, String name, double minimum) {

    static final List<ThroughputTarget> ALL = List.of(
            new ThroughputTarget(Route.MODEL, "single-model path", 1500),
            new ThroughputTarget(Route.CHAIN, "2-step chain", 1000));

    String verdict(Map<Route, Measurement> throughput, int clients) {
        double perSecond = throughput.get(route).perSecond();
        return String.format(Locale.ROOT, "target %s throughput >= %.0f req/s with %d clients: %.0f req/s, %s", name,
                minimum, clients, perSecond, perSecond >= minimum ? "met" : "NOT met");
    }
}
