package io.seldonmesh.bench.pipelinegateway;

import java.util.Arrays;
import java.util.Locale;

/** What one path achieved under the same closed-loop load. */
record Measurement(String path, int requests, int failures, double perSecond, double p50Millis, double p99Millis) {

    static Measurement of(String path, long[] latencyNanos, int failures, long elapsedNanos) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new Measurement(path, sorted.length, failures, sorted.length / (elapsedNanos / 1e9),
                percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static double percentile(long[] sorted, double fraction) {
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    String row() {
        return String.format(Locale.ROOT, "%s %8.0f %9.2f %9.2f %9d", column(path), perSecond, p50Millis, p99Millis,
                failures);
    }

    static String header() {
        return String.format(Locale.ROOT, "%s %8s %9s %9s %9s", column("path"), "req/s", "p50 ms", "p99 ms", "failed");
    }

    /** The first column of every table: the longest path's name fits. */
    static String column(String path) {
        return String.format(Locale.ROOT, "%-61s", path);
    }
}
