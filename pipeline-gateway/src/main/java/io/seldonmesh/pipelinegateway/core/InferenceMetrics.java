package io.seldonmesh.pipelinegateway.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Requests by target and outcome, latency histograms per model and pipeline, timeouts, and the pending
 * count. A name nobody declared is counted as {@code (unknown)}, so mistyped URLs cannot grow the series.
 */
public final class InferenceMetrics {

    static final String UNKNOWN = "(unknown)";

    private final MeterRegistry registry;

    public InferenceMetrics(MeterRegistry registry, PendingRequests pending) {
        this.registry = registry;
        Gauge.builder("seldon.gateway.pending", pending, PendingRequests::size)
                .description("Requests sent and waiting for their answer")
                .register(registry);
        Gauge.builder("seldon.gateway.pending.capacity", pending, PendingRequests::capacity)
                .description("Most requests that may wait at once (SELDON_GATEWAY_MAX_PENDING)")
                .register(registry);
    }

    /** Records one finished request; {@code failure} is null for an answer. */
    public void record(Target target, long elapsedNanos, Throwable failure) {
        InferenceFailure.Reason reason = reason(failure);
        String name = reason == InferenceFailure.Reason.NOT_FOUND ? UNKNOWN : target.name();
        String kind = target.kind().noun();
        String outcome = reason == null ? "ok" : reason.name().toLowerCase(Locale.ROOT);
        Counter.builder("seldon.gateway.requests")
                .description("Inference requests by target and outcome")
                .tags("kind", kind, "name", name, "outcome", outcome)
                .register(registry)
                .increment();
        if (reason == InferenceFailure.Reason.TIMEOUT) {
            Counter.builder("seldon.gateway.timeouts")
                    .description("Requests that got no answer within their timeout")
                    .tags("kind", kind, "name", name)
                    .register(registry)
                    .increment();
        }
        if (reason != InferenceFailure.Reason.NOT_FOUND) {
            Timer.builder("seldon.gateway.request")
                    .description("Time from receiving a request to its answer or failure")
                    .tags("kind", kind, "name", name)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(elapsedNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static InferenceFailure.Reason reason(Throwable failure) {
        if (failure == null) {
            return null;
        }
        Throwable cause = InferenceFailure.unwrap(failure);
        return cause instanceof InferenceFailure inference ? inference.reason() : InferenceFailure.Reason.KAFKA_UNAVAILABLE;
    }
}
