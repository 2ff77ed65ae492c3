package io.seldonmesh.modelgateway.core;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which partitions a consumer stops fetching, so a slow model holds a bounded number of records in memory: a
 * partition with {@code maxPerPartition} records in flight pauses (its later records wait on Kafka, not here), and
 * every partition pauses while the consumer as a whole has {@code maxTotal}. Paused partitions resume once they are
 * a quarter below the limit that paused them, so a busy partition does not flap on every record.
 *
 * <p>One instance per consumer, called from its thread only. The bound is {@code maxTotal} plus one poll's worth
 * of records ({@code max.poll.records}), since records already fetched are admitted.
 */
public final class Backpressure {

    public static final String MAX_IN_FLIGHT_VARIABLE = "MODELGATEWAY_MAX_IN_FLIGHT";
    public static final String MAX_IN_FLIGHT_PER_PARTITION_VARIABLE = "MODELGATEWAY_MAX_IN_FLIGHT_PER_PARTITION";

    private final int maxTotal;
    private final int maxPerPartition;
    private boolean consumerFull;

    public Backpressure(int maxTotal, int maxPerPartition) {
        if (maxTotal < 1) {
            throw new IllegalArgumentException(MAX_IN_FLIGHT_VARIABLE + "=" + maxTotal + " must be at least 1");
        }
        if (maxPerPartition < 1) {
            throw new IllegalArgumentException(MAX_IN_FLIGHT_PER_PARTITION_VARIABLE + "=" + maxPerPartition
                    + " must be at least 1");
        }
        this.maxTotal = maxTotal;
        this.maxPerPartition = maxPerPartition;
    }

    /**
     * @param inFlight records in flight per assigned partition
     * @param paused   the partitions paused now
     * @return the partitions that should be paused from now on
     */
    public <P> Set<P> paused(Map<P, Integer> inFlight, Set<P> paused) {
        int total = inFlight.values().stream().mapToInt(Integer::intValue).sum();
        consumerFull = total >= (consumerFull ? resumeThreshold(maxTotal) : maxTotal);
        Set<P> result = new HashSet<>();
        inFlight.forEach((partition, count) -> {
            int limit = paused.contains(partition) ? resumeThreshold(maxPerPartition) : maxPerPartition;
            if (consumerFull || count >= limit) {
                result.add(partition);
            }
        });
        return result;
    }

    /** While paused, a count at or above this keeps the pause. */
    private static int resumeThreshold(int limit) {
        return limit - Math.max(1, limit / 4) + 1;
    }
}
