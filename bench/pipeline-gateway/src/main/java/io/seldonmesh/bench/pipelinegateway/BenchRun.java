package io.seldonmesh.bench.pipelinegateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements, every path under the same loads: a closed-loop warm-up, the closed-loop throughput (with the
 * CPU each process spent per request on the paths through the services), then rounds of the steady rate, the paths
 * taking turns within each round so that a JIT still compiling or a noisy minute weighs on all of them.
 */
final class BenchRun {

    /** What one run measured; each round maps every path to its latency at the steady rate. */
    record Results(Map<Route, Measurement> throughput, Map<Route, Map<String, Double>> cpuMicrosPerRequest,
                   List<Map<Route, Measurement>> settling, List<Map<Route, Measurement>> rounds) {
    }

    private BenchRun() {
    }

    static Results measure(Map<Route, InferencePath> paths, BenchStack stack, BenchOptions options)
            throws InterruptedException {
        for (InferencePath path : paths.values()) {
            ClosedLoop.measure("warm-up", options.clients(), options.requests(), path);
        }
        Map<Route, Measurement> throughput = new EnumMap<>(Route.class);
        Map<Route, Map<String, Double>> cpu = new EnumMap<>(Route.class);
        for (Map.Entry<Route, InferencePath> path : paths.entrySet()) {
            Route route = path.getKey();
            Map<String, Duration> before = stack.cpu();
            throughput.put(route, ClosedLoop.measure(route.label(options.echoModels()), options.clients(),
                    options.requests(), path.getValue()));
            if (route.throughServices()) {
                cpu.put(route, microsPerRequest(before, stack.cpu(), options.requests()));
            }
        }
        // Settling rounds let every process come down to its steady latency after the closed loop: the single-model
        // path still takes 3-9 ms for about 20 s of steady traffic after it, then 1.4-1.7 ms. Printed, not counted.
        List<Map<Route, Measurement>> settling = latencyRounds(paths, options.settlingRounds(), options);
        List<Map<Route, Measurement>> rounds = latencyRounds(paths, options.rounds(), options);
        return new Results(throughput, cpu, settling, rounds);
    }

    private static List<Map<Route, Measurement>> latencyRounds(Map<Route, InferencePath> paths, int count,
                                                               BenchOptions options) throws InterruptedException {
        List<Map<Route, Measurement>> rounds = new ArrayList<>();
        for (int round = 0; round < count; round++) {
            Map<Route, Measurement> latency = new EnumMap<>(Route.class);
            for (Map.Entry<Route, InferencePath> path : paths.entrySet()) {
                latency.put(path.getKey(), SteadyRate.measure(path.getKey().label(options.echoModels()),
                        options.rate(), options.latencyRequests(), path.getValue()));
            }
            rounds.add(latency);
        }
        return rounds;
    }

    private static Map<String, Double> microsPerRequest(Map<String, Duration> before, Map<String, Duration> after,
                                                        int requests) {
        Map<String, Double> micros = new LinkedHashMap<>();
        after.forEach((process, used) -> micros.put(process,
                (used.toNanos() - before.get(process).toNanos()) / 1_000.0 / requests));
        return micros;
    }
}
