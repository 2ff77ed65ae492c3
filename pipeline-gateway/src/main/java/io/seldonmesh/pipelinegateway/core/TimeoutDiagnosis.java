package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.spec.Pipeline;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Fails a request whose deadline passed. A model's, or a pipeline's whose spec is unknown, fails at once. A
 * pipeline's first has its steps looked at ({@link StepLookback}), so the 504 says which step had not answered;
 * it waits for that at most {@link StepScanLimits#time()}, then goes with what is known. Nothing here blocks:
 * it runs on the expiry timer, and the caller's future completes on {@code completions}.
 */
public final class TimeoutDiagnosis implements Consumer<PendingRequest> {

    private final Catalog catalog;
    private final TopicNames topics;
    private final StepLookback lookback;
    private final StepScanLimits limits;
    private final Executor completions;
    private final LongSupplier wallClockMillis;
    private final LongSupplier nanoClock;
    private final IngressOutcomes outcomes;

    public TimeoutDiagnosis(Catalog catalog, TopicNames topics, StepLookback lookback, StepScanLimits limits,
                            Executor completions, LongSupplier wallClockMillis, LongSupplier nanoClock,
                            IngressOutcomes outcomes) {
        this.catalog = catalog;
        this.topics = topics;
        this.lookback = lookback;
        this.limits = limits;
        this.completions = completions;
        this.wallClockMillis = wallClockMillis;
        this.nanoClock = nanoClock;
        this.outcomes = outcomes;
    }

    @Override
    public void accept(PendingRequest request) {
        Optional<Pipeline> spec = request.target().isPipeline() && limits.enabled()
                ? catalog.pipeline(request.target().name()) : Optional.empty();
        if (spec.isEmpty()) {
            request.reply().completeExceptionally(request.timedOut());
            return;
        }
        long now = nanoClock.getAsLong();
        long sentAtMillis = wallClockMillis.getAsLong() - TimeUnit.NANOSECONDS.toMillis(now - request.startedNanos());
        StepLookup lookup = StepLookup.of(request, spec.get(), topics, sentAtMillis, now + limits.time().toNanos());
        Diagnosis late = new Diagnosis("late", StepReport.stepsUnknown(request, "the look-back at the steps' outputs"
                + " topics did not finish within " + TimeoutPolicy.format(limits.time()) + " ("
                + StepScanLimits.TIME_VARIABLE + ")"));
        start(lookup)
                .handle((seen, error) -> error == null ? found(request, lookup, seen) : failed(request, error))
                .completeOnTimeout(late, limits.time().toMillis(), TimeUnit.MILLISECONDS)
                .thenAcceptAsync(diagnosis -> {
                    outcomes.stepScanFinished(diagnosis.outcome());
                    request.reply().completeExceptionally(diagnosis.failure());
                }, completions);
    }

    private CompletableFuture<StepSightings> start(StepLookup lookup) {
        try {
            return lookback.scan(lookup);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private static Diagnosis found(PendingRequest request, StepLookup lookup, StepSightings seen) {
        return new Diagnosis(seen.cutShort().isPresent() ? "cut_short" : "complete",
                StepReport.timedOut(request, lookup, seen));
    }

    private static Diagnosis failed(PendingRequest request, Throwable error) {
        Throwable cause = InferenceFailure.unwrap(error);
        return new Diagnosis("failed", StepReport.stepsUnknown(request, "the steps' outputs topics could not be read ("
                + cause.getMessage() + ")"));
    }

    private record Diagnosis(String outcome, InferenceFailure failure) {
    }
}
