package io.seldonmesh.pipelinegateway.dataflow.core;

import io.seldonmesh.common.spec.Batch;
import java.util.Optional;

/**
 * A step's {@code batch}: requests ready to go to its model are collected and sent as one request, stacked by
 * rows; the model's answer is cut back into one answer per request.
 *
 * @param size send once this many requests are collected
 * @param windowMillis send what is collected this long after the first request (after the latest one when
 *     {@code rolling}), even if fewer than {@code size}
 * @param rolling each new request restarts the window, so a steady trickle is sent in full batches
 */
public record StepBatching(long size, long windowMillis, boolean rolling) {

    /**
     * With only a size, a partial batch would wait for ever when traffic stops (Seldon's behaviour, which its users
     * report as lost requests); it is sent after this long instead.
     */
    public static final long DEFAULT_WINDOW_MILLIS = 1_000;

    /** Empty without a {@code batch} section: the step sends each request on its own. */
    public static Optional<StepBatching> of(Batch batch) {
        if (batch == null) {
            return Optional.empty();
        }
        long size = batch.size() == null ? Long.MAX_VALUE : batch.size();
        long window = batch.windowMs() == null ? DEFAULT_WINDOW_MILLIS : batch.windowMs();
        return Optional.of(new StepBatching(size, window, Boolean.TRUE.equals(batch.rolling())));
    }

    /** When a batch must go: at {@code size} requests, or when its window closes. */
    public long deadline(long firstArrival, long latestArrival) {
        return (rolling ? latestArrival : firstArrival) + windowMillis;
    }

    public boolean full(int collected) {
        return collected >= size;
    }
}
