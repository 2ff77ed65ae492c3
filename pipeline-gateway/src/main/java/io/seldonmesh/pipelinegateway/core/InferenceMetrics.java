package io.seldonmesh.pipelinegateway.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Requests by target and outcome, latency histograms per model and pipeline, timeouts, and the pending
 * count. A name nobody declared is counted as {@code (unknown)}, so mistyped URLs cannot grow the series.
 * Meters are looked up once per target and outcome, not built on every request.
 */
public final class InferenceMetrics {

    static final String UNKNOWN = "(unknown)";
    private static final String OK = "ok";

    private final MeterRegistry registry;
    private final Map<Target, Timer> latency = new ConcurrentHashMap<>();
    private final Map<Target, Map<String, Counter>> requests = new ConcurrentHashMap<>();
    private final Map<Target, Counter> timeouts = new ConcurrentHashMap<>();

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
        Target counted = reason == InferenceFailure.Reason.NOT_FOUND ? new Target(target.kind(), UNKNOWN) : target;
        String outcome = reason == null ? OK : reason.name().toLowerCase(Locale.ROOT);
        requests.computeIfAbsent(counted, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> Counter.builder("seldon.gateway.requests")
                        .description("Inference requests by target and outcome")
                        .tags("kind", counted.kind().noun(), "name", counted.name(), "outcome", o)
                        .register(registry))
                .increment();
        if (reason == InferenceFailure.Reason.TIMEOUT) {
            timeouts.computeIfAbsent(counted, t -> Counter.builder("seldon.gateway.timeouts")
                    .description("Requests that got no answer within their timeout")
                    .tags("kind", t.kind().noun(), "name", t.name())
                    .register(registry)).increment();
        }
        if (reason != InferenceFailure.Reason.NOT_FOUND) {
            latency.computeIfAbsent(counted, t -> Timer.builder("seldon.gateway.request")
                    .description("Time from receiving a request to its answer or failure")
                    .tags("kind", t.kind().noun(), "name", t.name())
                    .publishPercentileHistogram()
                    .register(registry)).record(elapsedNanos, TimeUnit.NANOSECONDS);
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
