package io.seldonmesh.pipelinegateway.core;

import java.util.concurrent.CompletableFuture;

/** Looks back at the steps' outputs topics for a timed-out pipeline request; never blocks the caller. */
@FunctionalInterface
public interface StepLookback {

    /**
     * @return what was seen; completes by {@link StepLookup#answerByNanos()} as far as the look-back can help it,
     *         and exceptionally when Kafka could not be read
     */
    CompletableFuture<StepSightings> scan(StepLookup lookup);
}
