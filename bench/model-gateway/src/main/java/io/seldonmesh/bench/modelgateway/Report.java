package io.seldonmesh.bench.modelgateway;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Prints the rounds and their medians. Ratios are taken within a round (the gateway against the raw loop measured
 * minutes apart at most) and then their median is given, so a slow minute on a shared machine does not decide it.
 */
final class Report {

    private Report() {
    }

    /** @param results per system, in the order measured (the raw loop first), one result per round */
    static void print(Map<String, List<Result>> results, Map<String, List<Load.Latency>> settling, int requests,
                      int latencyRequests, int rate, int rounds, int size) {
        List<String> names = new ArrayList<>(results.keySet());
        List<Result> raw = results.get(names.get(0));
        System.out.println();
        System.out.printf(Locale.ROOT, "model-gateway benchmark: %d rounds, each system in turn; per round %d requests for"
                + " throughput, then %d at %d/s for latency; %d-byte protobuf requests, 1 partition, identity model over"
                + " gRPC, one Kafka broker (C2), all on loopback, %d cores%n", rounds, requests, latencyRequests, rate,
                size, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-22s %-32s %-22s %-22s%n", "", "throughput/s per round", "p50 ms per round",
                "p99 ms per round");
        for (String name : names) {
            List<Result> rows = results.get(name);
            System.out.printf(Locale.ROOT, "%-22s %-32s %-22s %-22s%n", name, join(rows, Result::throughput, "%.0f"),
                    join(rows, Result::p50Millis, "%.1f"), join(rows, Result::p99Millis, "%.1f"));
        }
        System.out.print("settling rounds before the latency rounds (not counted), p50 ms:");
        settling.forEach((name, rows) -> {
            System.out.printf(Locale.ROOT, " %s", name);
            rows.forEach(row -> System.out.printf(Locale.ROOT, " %.1f", row.p50Millis()));
            System.out.print(";");
        });
        System.out.println();
        System.out.println("medians (ratios and differences are taken within each round, then the median):");
        Result rawMedian = median(raw);
        System.out.printf(Locale.ROOT, "  %-20s %8.0f/s  p50 %6.2f ms  p99 %6.2f ms%n", names.get(0),
                rawMedian.throughput(), rawMedian.p50Millis(), rawMedian.p99Millis());
        for (String name : names.subList(1, names.size())) {
            List<Result> rows = results.get(name);
            Result m = median(rows);
            System.out.printf(Locale.ROOT, "  %-20s %8.0f/s  p50 %6.2f ms  p99 %6.2f ms   vs raw: %.2fx throughput,"
                    + " p50 %+.2f ms, p99 %+.2f ms%n", name, m.throughput(), m.p50Millis(), m.p99Millis(),
                    medianOf(rows, raw, (g, r) -> g.throughput() / r.throughput()),
                    medianOf(rows, raw, (g, r) -> g.p50Millis() - r.p50Millis()),
                    medianOf(rows, raw, (g, r) -> g.p99Millis() - r.p99Millis()));
        }
        System.out.print("p50 of the latency until the output record was created (its timestamp: the input hop and the"
                + " processing; ms resolution), median of rounds:");
        for (String name : names) {
            System.out.printf(Locale.ROOT, " %s %.0f ms;", name, median(results.get(name), Result::p50ToOutputCreatedMillis));
        }
        System.out.println();
        System.out.print("p50 of the time inside the gateway (its histograms: consumed to answer acknowledged, of which"
                + " the model server call; upper bounds of buckets), median of rounds:");
        for (String name : names.subList(1, names.size())) {
            System.out.printf(Locale.ROOT, " %s %.1f ms, call %.1f ms;", name,
                    median(results.get(name), Result::p50InGatewayMillis),
                    median(results.get(name), Result::p50ModelCallMillis));
        }
        System.out.println();
        System.out.println("CPU per request while working off the backlog, median of rounds:");
        for (String name : names) {
            List<Result> rows = results.get(name);
            System.out.printf(Locale.ROOT, "  %-22s", name);
            for (String process : rows.get(0).cpuMicrosPerRequest().keySet()) {
                System.out.printf(Locale.ROOT, " %s %.0f us;", process,
                        median(rows, row -> row.cpuMicrosPerRequest().get(process)));
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "machine load average at the end: %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("command: bench/model-gateway/run " + requests + " " + latencyRequests + " " + rate + " "
                + rounds);
    }

    private static String join(List<Result> rows, ToDoubleFunction<Result> value, String format) {
        List<String> parts = new ArrayList<>();
        rows.forEach(row -> parts.add(String.format(Locale.ROOT, format, value.applyAsDouble(row))));
        return String.join(" ", parts);
    }

    private static Result median(List<Result> rows) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        return new Result(rows.get(0).name(), median(rows, Result::throughput), median(rows, Result::p50Millis),
                median(rows, Result::p99Millis), cpu, median(rows, Result::p50ToOutputCreatedMillis),
                median(rows, Result::p50InGatewayMillis), median(rows, Result::p50ModelCallMillis));
    }

    private interface Pairwise {
        double apply(Result gateway, Result raw);
    }

    private static double medianOf(List<Result> rows, List<Result> raw, Pairwise pairwise) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            values.add(pairwise.apply(rows.get(i), raw.get(i)));
        }
        return middle(values);
    }

    static double median(List<Result> rows, ToDoubleFunction<Result> value) {
        List<Double> values = new ArrayList<>();
        rows.forEach(row -> values.add(value.applyAsDouble(row)));
        return middle(values);
    }

    private static double middle(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
