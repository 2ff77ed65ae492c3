package io.seldonmesh.bench.pipelinegateway;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints one run: the tables of every phase, the rounds against each latency target, and the verdicts. */
final class BenchReport {

    private BenchReport() {
    }

    static void print(BenchRun.Results results, BenchOptions options) {
        System.out.println();
        System.out.printf(Locale.ROOT, "pipeline-gateway bench: identity models, model side %s, %d cores%n",
                options.modelSide(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "throughput: %d clients, closed loop, %d requests per path%n", options.clients(),
                options.requests());
        table(results.throughput());
        printCpu(results.cpuMicrosPerRequest(), options);
        for (int round = 0; round < results.settling().size(); round++) {
            System.out.printf(Locale.ROOT, "settling round %d of %d (not counted): %d requests/s, open loop, %d s per"
                    + " path%n", round + 1, results.settling().size(), options.rate(), options.secondsPerPath());
            table(results.settling().get(round));
        }
        List<Map<Route, Measurement>> rounds = results.rounds();
        for (int round = 0; round < rounds.size(); round++) {
            System.out.printf(Locale.ROOT, "latency, round %d of %d: %d requests/s, open loop, %d s per path%n",
                    round + 1, rounds.size(), options.rate(), options.secondsPerPath());
            table(rounds.get(round));
        }
        for (LatencyTarget target : LatencyTarget.ALL) {
            for (int round = 0; round < rounds.size(); round++) {
                System.out.println(target.roundLine(round + 1, rounds.get(round)));
            }
        }
        System.out.println("medians of rounds, p50 ms:");
        for (Route route : rounds.get(0).keySet()) {
            System.out.printf(Locale.ROOT, "%s %9.2f%n", Measurement.column(rounds.get(0).get(route).path()),
                    Medians.of(rounds.stream().map(round -> round.get(route).p50Millis()).toList()));
        }
        LatencyTarget.ALL.forEach(target -> System.out.println(target.verdict(rounds)));
        ThroughputTarget.ALL.forEach(target -> System.out.println(target.verdict(results.throughput(),
                options.clients())));
        if (options.echoModels()) {
            System.out.println("(model side: echo; the issue's targets are for the paths through model-gateway)");
        }
    }

    private static void table(Map<Route, Measurement> measurements) {
        System.out.println(Measurement.header());
        measurements.values().forEach(measurement -> System.out.println(measurement.row()));
    }

    /** Per path through the services, a column per process: which one a path's requests cost the most. */
    private static void printCpu(Map<Route, Map<String, Double>> cpu, BenchOptions options) {
        System.out.printf(Locale.ROOT, "CPU per request under the %d-client load (µs):%n", options.clients());
        StringBuilder header = new StringBuilder(Measurement.column("path"));
        cpu.values().iterator().next().keySet().forEach(process -> header.append(String.format(Locale.ROOT, " %16s",
                process)));
        System.out.println(header);
        cpu.forEach((route, micros) -> {
            StringBuilder row = new StringBuilder(Measurement.column(route.label(options.echoModels())));
            micros.values().forEach(value -> row.append(String.format(Locale.ROOT, " %16.0f", value)));
            System.out.println(row);
        });
    }
}
