package io.seldonmesh.pipelinegateway.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.core.IngressOutcomes;
import io.seldonmesh.pipelinegateway.core.PendingRequests;
import io.seldonmesh.pipelinegateway.core.Target;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The ingress' Prometheus metrics: requests by target and outcome, latency histograms per model and pipeline,
 * timeouts, the pending count, answers that matched no request, and the look-backs at timed-out pipelines' steps. A
 * name nobody declared is counted as {@code (unknown)}, so mistyped URLs cannot grow the series. Meters are looked up
 * once per target and outcome, not built on every request.
 */
public final class InferenceMetrics implements IngressOutcomes {

    private static final String OK = "ok";

    private final MeterRegistry registry;
    private final Map<Target, Timer> latency = new ConcurrentHashMap<>();
    private final Map<Target, Map<String, Counter>> requests = new ConcurrentHashMap<>();
    private final Map<Target, Counter> timeouts = new ConcurrentHashMap<>();
    private final Map<String, Counter> stepScans = new ConcurrentHashMap<>();
    private List<LongSupplier> observed = List.of();

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters read from the gateway's parts when scraped. */
    public void observe(PendingRequests pending, LongSupplier unmatchedAnswers, LongSupplier stepScanRecords) {
        // Micrometer holds what it reads weakly; these suppliers are lambdas nothing else refers to.
        observed = List.of(unmatchedAnswers, stepScanRecords);
        Gauge.builder("seldon.gateway.pending", pending, PendingRequests::size)
                .description("Requests sent and waiting for their answer")
                .register(registry);
        Gauge.builder("seldon.gateway.pending.capacity", pending, PendingRequests::capacity)
                .description("Most requests that may wait at once (SELDON_GATEWAY_MAX_PENDING)")
                .register(registry);
        FunctionCounter.builder("seldon.gateway.answers.unmatched", unmatchedAnswers, LongSupplier::getAsLong)
                .description("Answers read that matched no waiting request (late, after a timeout)")
                .register(registry);
        FunctionCounter.builder("seldon.gateway.step.scan.records", stepScanRecords, LongSupplier::getAsLong)
                .description("Records read on steps' outputs topics to explain pipeline timeouts")
                .register(registry);
    }

    @Override
    public void stepScanFinished(String outcome) {
        stepScans.computeIfAbsent(outcome, o -> Counter.builder("seldon.gateway.step.scans")
                .description("Look-backs at the steps' outputs topics after a pipeline request timed out, by outcome:"
                        + " complete, cut_short (a limit was reached), late (the 504 left without it), failed")
                .tag("outcome", o)
                .register(registry)).increment();
    }

    @Override
    public void requestFinished(Target target, long elapsedNanos, Throwable failure) {
        InferenceFailure.Reason reason = reason(failure);
        Target counted = reason == InferenceFailure.Reason.NOT_FOUND ? new Target(target.kind(), Target.UNDECLARED) : target;
        String outcome = reason == null ? OK : outcome(failure, reason);
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

    /** The reason, or for a request an error record ended, the record's class ({@code unreachable}, ...). */
    private static String outcome(Throwable failure, InferenceFailure.Reason reason) {
        Throwable cause = InferenceFailure.unwrap(failure);
        String name = cause instanceof InferenceFailure inference
                ? inference.errorClass().map(Enum::name).orElse(reason.name()) : reason.name();
        return name.toLowerCase(Locale.ROOT);
    }

    private static InferenceFailure.Reason reason(Throwable failure) {
        if (failure == null) {
            return null;
        }
        Throwable cause = InferenceFailure.unwrap(failure);
        return cause instanceof InferenceFailure inference ? inference.reason() : InferenceFailure.Reason.KAFKA_UNAVAILABLE;
    }
}
