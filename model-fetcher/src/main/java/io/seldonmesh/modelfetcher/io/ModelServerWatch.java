package io.seldonmesh.modelfetcher.io;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.HeldModels;
import io.seldonmesh.modelfetcher.core.ServerFinding;
import io.seldonmesh.modelfetcher.core.ServerReconciliation;
import io.seldonmesh.modelfetcher.core.ServerSnapshot;
import io.seldonmesh.modelfetcher.core.TransientFailure;

/**
 * Keeps what this replica holds in line with what its model server really has: the server is
 * checked every few seconds, and at once after a failed load. A held model the server lost (it
 * restarted, or it was unloaded behind the fetcher's back) is reloaded; while the server does not
 * answer, its models are reported {@code LoadFailed} and the fetcher is not ready; when it answers
 * again, loads that failed because of it are tried at once. Every change goes through the model's
 * own worker (through the {@link ModelReconciler}), so statuses stay in order with its other actions.
 */
final class ModelServerWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelServerWatch.class);

    private final ModelServerProbe probe;
    private final URI server;
    private final Duration every;
    private final HeldModels held;
    private final LoadRetries retries;
    private final ModelReconciler reconciler;
    private final FetcherMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService checks;
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private Optional<String> instance = Optional.empty();
    private Instant unreachableSince;
    private boolean answeredBefore;
    private volatile Optional<String> problem;
    private volatile Map<String, ServerSnapshot.IndexEntry> lastIndex;

    /** @param reconciler asks for a model to be brought in line with its latest spec and this watch's finding */
    ModelServerWatch(URI server, Duration every, HeldModels held, LoadRetries retries, ModelReconciler reconciler,
                     FetcherMetrics metrics, Clock clock) {
        this.probe = new ModelServerProbe(server);
        this.server = server;
        this.every = every;
        this.held = held;
        this.retries = retries;
        this.reconciler = reconciler;
        this.metrics = metrics;
        this.clock = clock;
        this.problem = Optional.of("the model server at " + server + " has not been checked yet");
        this.checks = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("model-fetcher-server-watch"));
    }

    void start() {
        checks.scheduleWithFixedDelay(this::checkSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A load failed: the server may have restarted, and lost the other models too. */
    void checkNow() {
        if (checkQueued.compareAndSet(false, true)) {
            checks.execute(this::checkSafely);
        }
    }

    /**
     * Whether the model server already serves {@code version} of {@code model}, as its repository index said at the
     * last check (checked now when there was none yet): a fetcher that restarted finds its models still loaded, and
     * must not announce them as Loading while it checks their files again.
     */
    boolean serves(String model, String version) {
        Map<String, ServerSnapshot.IndexEntry> index = lastIndex;
        if (index == null && probe.check() instanceof ServerSnapshot.Answering answering) {
            index = answering.index().orElse(Map.of());
        }
        ServerSnapshot.IndexEntry entry = index == null ? null : index.get(model);
        return entry != null && entry.ready() && version.equals(entry.version());
    }

    /** Why the models cannot be served here, for the readiness check; empty while the server answers. */
    Optional<String> problem() {
        return problem;
    }

    private void checkSafely() {
        checkQueued.set(false);
        try {
            check();
        } catch (RuntimeException e) {
            LOG.errorf(e, "checking the model server at %s failed", server);
        }
    }

    private void check() {
        Map<String, String> versions = held.versions();
        ServerSnapshot snapshot = probe.check();
        Map<String, ServerFinding> findings = ServerReconciliation.findings(server, versions, snapshot, instance, every);
        if (snapshot instanceof ServerSnapshot.Unreachable unreachable) {
            noteUnreachable(unreachable);
        } else {
            noteAnswering((ServerSnapshot.Answering) snapshot);
        }
        String outcome = snapshot instanceof ServerSnapshot.Unreachable ? "unreachable"
                : findings.values().stream().anyMatch(ServerFinding::needsReload) ? "reload" : "in_sync";
        metrics.modelServerChecked(outcome);
        findings.forEach((model, finding) -> {
            if (held.note(model, versions.get(model), finding)) {
                reconciler.reconcile(model);
            }
        });
    }

    private void noteUnreachable(ServerSnapshot.Unreachable unreachable) {
        lastIndex = Map.of();
        if (unreachableSince == null) {
            unreachableSince = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            LOG.errorf("the model server at %s is unreachable: %s", server, unreachable.cause());
        }
        metrics.modelServerReachable(false);
        problem = Optional.of("the model server at " + server + " is unreachable since " + unreachableSince + ": "
                + unreachable.cause() + "; the models held here are reported LoadFailed until it answers (checked every "
                + ServerReconciliation.interval(every) + "); check MODEL_SERVER_URL and that the model server is running");
    }

    private void noteAnswering(ServerSnapshot.Answering answering) {
        lastIndex = answering.index().orElse(Map.of());
        boolean back = unreachableSince != null || !answeredBefore;
        if (unreachableSince != null) {
            LOG.infof("the model server at %s answers again (unreachable since %s)", server, unreachableSince);
        }
        answering.instanceId().ifPresent(now -> {
            if (instance.isPresent() && !instance.get().equals(now)) {
                LOG.warnf("the model server at %s restarted (instance %s, was %s): reloading what it lost", server, now,
                        instance.get());
            }
            instance = Optional.of(now);
        });
        unreachableSince = null;
        answeredBefore = true;
        metrics.modelServerReachable(true);
        problem = Optional.empty();
        if (back) {
            retries.retryNow(TransientFailure.Source.MODEL_SERVER);
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
