package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.secretsync.api.SyncMetrics;
import io.seldonmesh.secretsync.core.ClusterSnapshot;
import io.seldonmesh.secretsync.core.CopyAction;
import io.seldonmesh.secretsync.core.Problem;
import io.seldonmesh.secretsync.core.ProblemLedger;
import io.seldonmesh.secretsync.core.ReplicationPlan;
import io.seldonmesh.secretsync.core.ReplicationPlanner;
import io.seldonmesh.secretsync.core.TokenStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The reconciliation loop. Every pass reads the whole picture (from the watch caches after a change, fresh from
 * the API server on the periodic resync), plans, writes, and reports; passes run one at a time on one thread,
 * and a burst of changes is folded into one pass.
 */
public final class SecretReplicator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SecretReplicator.class);
    private static final Duration DEBOUNCE = Duration.ofMillis(50);
    private static final Duration RETRY_INITIAL = Duration.ofMillis(500);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private final ReplicationPlanner planner;
    private final ClusterInformers informers;
    private final ClusterListing listing;
    private final SecretWriter writer;
    private final ProblemEvents events;
    private final TokenRefresher tokens;
    private final CredentialEvents credentialEvents;
    private final SyncMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Duration resyncInterval;
    private final ProblemLedger ledger = new ProblemLedger();
    private final AtomicBoolean passPending = new AtomicBoolean();
    private volatile boolean lastPassSucceeded;
    private volatile String lastPassError = "no reconciliation has run yet";
    private int consecutiveFailures;

    public SecretReplicator(ReplicationPlanner planner, ClusterInformers informers, ClusterListing listing,
                            SecretWriter writer, ProblemEvents events, TokenRefresher tokens,
                            CredentialEvents credentialEvents, SyncMetrics metrics, Clock clock, Duration resyncInterval) {
        this.planner = planner;
        this.informers = informers;
        this.listing = listing;
        this.writer = writer;
        this.events = events;
        this.tokens = tokens;
        this.credentialEvents = credentialEvents;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("secret-sync-reconciler"));
        this.resyncInterval = resyncInterval;
    }

    /** Starts the watches and the periodic full resync (the first one at once). */
    public void start() {
        informers.start();
        executor.scheduleWithFixedDelay(() -> pass(true), 0, resyncInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the watches, as if every watch connection had broken for good: only the periodic resync is left. */
    public void closeWatches() {
        informers.close();
    }

    /** Stops the watches and the reconciliation; a pass under way is interrupted. */
    @Override
    public void close() {
        closeWatches();
        executor.shutdownNow();
    }

    /** Asks for a pass from the watch caches soon; many requests in a burst become one pass. */
    public void requestPass() {
        if (passPending.compareAndSet(false, true)) {
            executor.schedule(() -> {
                passPending.set(false);
                pass(false);
            }, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public boolean watchesSynced() {
        return informers.synced();
    }

    public boolean lastPassSucceeded() {
        return lastPassSucceeded;
    }

    public String lastPassError() {
        return lastPassError;
    }

    private void pass(boolean full) {
        try {
            if (!full && !informers.synced()) {
                return;
            }
            ClusterSnapshot snapshot = full ? listing.snapshot() : informers.snapshot();
            reconcile(snapshot);
            lastPassSucceeded = true;
            lastPassError = "";
            consecutiveFailures = 0;
        } catch (KubernetesClientException e) {
            failed("cannot read the cluster: HTTP " + e.getCode() + " " + e.getMessage());
        } catch (RuntimeException e) {
            failed("reconciliation failed: " + e);
        }
    }

    private void failed(String message) {
        consecutiveFailures++;
        lastPassSucceeded = false;
        lastPassError = message;
        metrics.passFailed();
        long delay = Math.min(RETRY_MAX.toMillis(), RETRY_INITIAL.toMillis() << Math.min(consecutiveFailures - 1, 10));
        LOG.warnf("%s (%d in a row); trying again in %dms", message, consecutiveFailures, delay);
        executor.schedule(() -> pass(false), delay, TimeUnit.MILLISECONDS);
    }

    private void reconcile(ClusterSnapshot snapshot) {
        ReplicationPlan plan = planner.plan(snapshot, tokens.tokens());
        tokens.track(plan.oauthSources());

        List<Problem> problems = new ArrayList<>(plan.problems());
        int written = 0;
        boolean replanSoon = false;
        for (CopyAction action : plan.actions()) {
            WriteOutcome outcome = writer.apply(action);
            if (outcome instanceof WriteOutcome.Done) {
                LOG.infof("%s", action);
                metrics.written(verb(action));
                if (!(action instanceof CopyAction.Delete) && !action.namespace().equals(planner.sourceNamespace())) {
                    written++;
                }
            } else if (outcome instanceof WriteOutcome.Conflict conflict) {
                problems.add(conflict.problem());
            } else if (outcome instanceof WriteOutcome.Stale stale) {
                LOG.debugf("planning again: %s", stale.why());
                problems.addAll(ledger.about(action.namespace() + "/" + action.name()));
                replanSoon = true;
            } else if (outcome instanceof WriteOutcome.Failed failure) {
                // a refusal (RBAC, admission) does not heal in half a second: the next resync tries again
                LOG.warnf("%s", failure.message());
                problems.addAll(ledger.about(action.namespace() + "/" + action.name()));
            }
        }

        Instant now = clock.instant();
        List<TokenStatus> statuses = tokens.statuses();
        statuses.forEach(status -> status.problem(now).ifPresent(problems::add));
        plan.certificates().forEach(certificate -> certificate.problem(now).ifPresent(problems::add));
        report(ledger.update(problems), snapshot);
        informers.followConflicts(ledger.subjects(Problem.Reason.COPY_CONFLICT));
        metrics.tokens(statuses);
        metrics.certificates(plan.certificates());
        metrics.passCompleted(new SyncMetrics.PassSummary(plan.validSources(), plan.invalidSources(), plan.targets().size(),
                plan.desiredCopies(), plan.copiesInSync() + written, ledger.count(Problem.Reason.COPY_CONFLICT)));
        credentialEvents.publish(plan.replicated(), plan.held());
        if (replanSoon) {
            executor.schedule(() -> pass(true), RETRY_INITIAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void report(ProblemLedger.Changes changes, ClusterSnapshot snapshot) {
        for (Problem problem : changes.appeared()) {
            LOG.warnf("%s: %s", problem.reason().eventReason(), problem.message());
            if (problem.reason() == Problem.Reason.COPY_CONFLICT) {
                metrics.conflictDetected();
            }
            events.record(problem, sourceSecret(problem, snapshot));
        }
        for (Problem problem : changes.resolved()) {
            LOG.infof("resolved %s for %s%s", problem.reason().eventReason(), problem.source(),
                    problem.subject().isEmpty() ? "" : " (" + problem.subject() + ")");
        }
    }

    private static Optional<Secret> sourceSecret(Problem problem, ClusterSnapshot snapshot) {
        return snapshot.sourceNamespaceSecrets().stream()
                .filter(secret -> secret.getMetadata().getName().equals(problem.source().name())).findFirst();
    }

    private static String verb(CopyAction action) {
        if (action instanceof CopyAction.Create) {
            return "create";
        }
        if (action instanceof CopyAction.Update update) {
            return update.recreate() ? "recreate" : "update";
        }
        return "delete";
    }
}
