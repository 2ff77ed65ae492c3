package io.seldonmesh.modelfetcher.io;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.RetryBackoff;
import io.seldonmesh.modelfetcher.core.TransientFailure;

/**
 * Loads that failed transiently, tried again after a backoff with jitter, without limit: an S3 or
 * model server outage ends, and the model must then come back by itself. The attempts are counted
 * per model and version; a success or another version starts again from one. A retry only asks for
 * the model to be reconciled: what runs is the model's latest spec, never the failed one.
 */
final class LoadRetries implements AutoCloseable {

    /** A retry planned: the attempt that failed, and when the next one runs. */
    record Planned(int failedAttempt, Duration delay, Instant at) {

        String describe() {
            return "attempt " + failedAttempt + " failed; next try in " + String.format(Locale.ROOT, "%.1f", delay.toMillis() / 1000.0)
                    + " s, at " + at.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    private record Pending(String version, int failedAttempts, TransientFailure.Source source, ScheduledFuture<?> timer) {
    }

    private final RetryBackoff backoff;
    private final ModelReconciler reconciler;
    private final FetcherMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final Map<String, Pending> pending = new HashMap<>();

    /** @param reconciler asks for a model to be brought in line with its latest spec */
    LoadRetries(RetryBackoff backoff, ModelReconciler reconciler, FetcherMetrics metrics, Clock clock) {
        this.backoff = backoff;
        this.reconciler = reconciler;
        this.metrics = metrics;
        this.clock = clock;
        this.timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("model-fetcher-load-retries"));
    }

    /** Plans the next attempt at {@code version} of the model after a transient failure. */
    synchronized Planned failed(String model, String version, TransientFailure failure) {
        Pending before = pending.get(model);
        int failedAttempts = before != null && before.version().equals(version) ? before.failedAttempts() + 1 : 1;
        if (before != null) {
            before.timer().cancel(false);
        }
        Duration delay = backoff.delay(failedAttempts, ThreadLocalRandom.current().nextDouble());
        ScheduledFuture<?> timer = timers.schedule(() -> reconciler.reconcile(model), delay.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(model, new Pending(version, failedAttempts, failure.source(), timer));
        metrics.loadRetried(model, failure.source());
        return new Planned(failedAttempts, delay, clock.instant().plus(delay));
    }

    /** The number of the attempt about to run at {@code version}, when it follows transient failures. */
    synchronized Optional<Integer> attemptAt(String model, String version) {
        Pending current = pending.get(model);
        return current != null && current.version().equals(version) ? Optional.of(current.failedAttempts() + 1) : Optional.empty();
    }

    /** The load succeeded, failed for good, or the model went away: the count starts again. */
    synchronized void forget(String model) {
        Pending current = pending.remove(model);
        if (current != null) {
            current.timer().cancel(false);
        }
    }

    /** Runs at once the retries of loads the model server failed: it answers again. */
    synchronized void retryNow(TransientFailure.Source source) {
        pending.forEach((model, retry) -> {
            if (retry.source() == source && retry.timer().cancel(false)) {
                timers.execute(() -> reconciler.reconcile(model));
            }
        });
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
