package io.seldonmesh.pipelinegateway.overview;

import java.util.OptionalDouble;

/**
 * A percentile from a latency histogram's cumulative buckets (Micrometer's percentile histogram, the one Prometheus
 * scrapes): the upper bound of the first bucket holding that share of the observations, as Prometheus'
 * {@code histogram_quantile} would bound it. Counted since the gateway started, not over a window.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * @param upperBounds      the buckets' upper bounds, ascending
     * @param cumulativeCounts observations at or below each bound
     * @param total            all observations (some may lie above the last bound)
     * @param quantile         between 0 and 1, e.g. 0.99
     * @return empty without observations, or when the quantile lies above the last bucket
     */
    public static OptionalDouble of(double[] upperBounds, double[] cumulativeCounts, long total, double quantile) {
        if (total <= 0) {
            return OptionalDouble.empty();
        }
        double wanted = Math.ceil(quantile * total);
        for (int i = 0; i < upperBounds.length && i < cumulativeCounts.length; i++) {
            if (cumulativeCounts[i] >= wanted) {
                return OptionalDouble.of(upperBounds[i]);
            }
        }
        return OptionalDouble.empty();
    }
}
