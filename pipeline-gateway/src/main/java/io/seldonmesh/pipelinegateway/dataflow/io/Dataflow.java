package io.seldonmesh.pipelinegateway.dataflow.io;

import io.micrometer.core.instrument.MeterRegistry;
import io.seldonmesh.common.kafka.ConsumerGroups;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.pipelinegateway.api.DataflowMetrics;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.PipelineSpecListener;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowPlan;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowSettings;
import io.seldonmesh.pipelinegateway.dataflow.core.PipelineVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Runs the pipelines declared on the control topic, one Kafka Streams application per pipeline version, and reports
 * each pipeline's state on {@code status.pipelines}. Every dataflow replica runs every version; replicas of the same
 * version share its consumer group and so split its partitions.
 *
 * <p>A version's life: {@code Creating} (its topics are created or awaited, its starting offsets set, its application
 * started) → {@code Ready} once its application runs. A new spec starts a new version beside the old one; when it
 * runs, requests entering from its spec's timestamp on are its, the old version finishes the requests it has, and is
 * stopped once quiet. A tombstone stops every version ({@code Terminated}) and, with
 * {@code dataflow.cleanTopicsOnDelete}, deletes the pipeline's topics. The dataflow's own topics (changelogs) and
 * consumer groups are deleted with the last replica running a version.
 *
 * <p>All decisions are taken on one thread; the catalog reader and Kafka Streams only hand it events.
 */
public final class Dataflow implements PipelineSpecListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Dataflow.class);
    private static final Duration WAIT_RETRY = Duration.ofSeconds(5);
    private static final Duration FAILURE_RETRY = Duration.ofSeconds(30);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaClientFactory clients;
    private final TopicNames names;
    private final ConsumerGroups groups;
    private final DataflowSettings settings;
    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final TopicProvisioner provisioner;
    private final PipelineStatusWriter statuses;
    private final DataflowMetrics metrics;
    private final KafkaErrorExplainer explainer;
    private final Path stateDir;
    private final ScheduledExecutorService control;
    private final VersionCleanup cleanup;
    private final Map<String, PipelineRuns> pipelines = new HashMap<>();
    private boolean caughtUp;
    private volatile int running;
    private final KafkaTracing tracing;

    public Dataflow(KafkaClientFactory clients, Catalog catalog, DataflowSettings settings, MeterRegistry meters) {
        this(clients, catalog, settings, meters, KafkaTracing.OFF);
    }

    /** @param tracing a span per record each pipeline step handles, in the trace the record carries */
    public Dataflow(KafkaClientFactory clients, Catalog catalog, DataflowSettings settings, MeterRegistry meters,
                    KafkaTracing tracing) {
        this.tracing = tracing;
        this.clients = clients;
        this.names = TopicNames.from(clients.settings());
        this.groups = ConsumerGroups.from(names);
        this.settings = settings;
        this.admin = clients.admin(Map.of());
        this.producer = clients.recreatingProducer(new ByteArraySerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000));
        this.provisioner = new TopicProvisioner(admin, names, TopicSettings.from(clients.settings()), ADMIN_TIMEOUT);
        this.statuses = new PipelineStatusWriter(producer, names, catalog);
        this.metrics = new DataflowMetrics(meters);
        this.explainer = new KafkaErrorExplainer(clients.settings());
        this.stateDir = newStateDir(settings.stateDir());
        this.control = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("dataflow-control"));
        this.cleanup = new VersionCleanup(admin, clients.settings(), explainer, control);
        metrics.observeVersionsRunning(() -> running);
    }

    @Override
    public void pipelineSpec(Pipeline pipeline, long version, long timestamp) {
        control.execute(() -> onSpec(pipeline, version, timestamp));
    }

    @Override
    public void pipelineDeleted(String name, long timestamp) {
        control.execute(() -> onDelete(name));
    }

    @Override
    public void pipelineRejected(String name, String problem, long timestamp) {
        if (name != null) {
            control.execute(() -> statuses.write(name, PipelineState.FAILED, null, "its spec on "
                    + names.controlPipelines() + " is not valid: " + problem));
        }
    }

    @Override
    public void caughtUp() {
        control.execute(() -> {
            caughtUp = true;
            LOG.infof("dataflow: %d pipeline(s) declared; starting them", pipelines.size());
            List.copyOf(pipelines.values()).forEach(this::apply);
            control.scheduleWithFixedDelay(this::retireDrained, HOUSEKEEPING.toMillis(), HOUSEKEEPING.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    /** Why this replica cannot run pipelines yet; empty when it can. */
    public List<String> notReadyBecause() {
        return caughtUp ? List.of() : List.of("the dataflow is still reading the pipelines' specs");
    }

    /** What one pipeline has: its versions, oldest first, and the spec waiting to be applied. */
    private static final class PipelineRuns {
        final String name;
        final List<VersionRunner> runners = new ArrayList<>();
        Pipeline lastSpec;
        Spec pending;
        ScheduledFuture<?> retry;

        PipelineRuns(String name) {
            this.name = name;
        }

        Optional<VersionRunner> newest() {
            return runners.isEmpty() ? Optional.empty() : Optional.of(runners.get(runners.size() - 1));
        }
    }

    /** @param update whether another spec of the pipeline came before it (then it takes over at its timestamp) */
    private record Spec(Pipeline pipeline, long version, long timestamp, boolean update) {
    }

    private void onSpec(Pipeline pipeline, long version, long timestamp) {
        PipelineRuns runs = pipelines.computeIfAbsent(pipeline.name(), PipelineRuns::new);
        runs.pending = new Spec(pipeline, version, timestamp, runs.lastSpec != null);
        runs.lastSpec = pipeline;
        if (caughtUp) {
            apply(runs);
        }
    }

    private void apply(PipelineRuns runs) {
        Spec spec = runs.pending;
        runs.pending = null;
        if (spec == null) {
            return;
        }
        Optional<VersionRunner> newest = runs.newest();
        if (newest.isPresent() && sameSpec(newest.get().version().pipeline(), spec.pipeline())) {
            return;
        }
        long activeFrom = newest.isPresent() || spec.update() ? spec.timestamp() : Long.MIN_VALUE;
        PipelineVersion version = new PipelineVersion(spec.pipeline(), spec.version(), activeFrom);
        DataflowPlan plan = DataflowPlan.of(version, names, settings.joinWindow());
        VersionRunner runner = new VersionRunner(plan, applicationId(version), names.pipelineInputs(runs.name));
        runs.runners.add(runner);
        start(runs, runner);
    }

    private void start(PipelineRuns runs, VersionRunner runner) {
        if (!runs.runners.contains(runner) || runner.isRunning()) {
            return;
        }
        String name = runs.name;
        long version = runner.version().version();
        boolean serving = runs.runners.stream().anyMatch(other -> other != runner && other.isRunning());
        try {
            if (!serving) {
                statuses.write(name, PipelineState.CREATING, version, "creating its topics and starting its dataflow");
            }
            VersionTopics.Check check = VersionTopics.prepare(admin, provisioner, runner.plan());
            if (check.waiting() != null) {
                if (!serving) {
                    statuses.write(name, PipelineState.CREATING, version, check.waiting());
                }
                retryLater(runs, runner, WAIT_RETRY);
                return;
            }
            if (check.failure() != null) {
                statuses.write(name, PipelineState.FAILED, version, check.failure() + "; checked again every "
                        + FAILURE_RETRY.toSeconds() + " s");
                retryLater(runs, runner, FAILURE_RETRY);
                return;
            }
            StartingOffsets.set(admin, clients.settings().consumerGroupId(runner.applicationId()), check.sources(),
                    entryTopics(runner.plan()), runner.version().activeFrom());
            runner.start(clients, settings, metrics.of(name), stateDir, tracing, new VersionRunner.Events() {
                @Override
                public void running(VersionRunner started) {
                    control.execute(() -> onRunning(started));
                }

                @Override
                public void failed(VersionRunner failed, String reason) {
                    control.execute(() -> onFailed(failed, reason));
                }
            });
        } catch (ExecutionException e) {
            failedToStart(runs, runner, explainer.explain(e.getCause(), AclOperation.ALTER));
        } catch (TimeoutException e) {
            failedToStart(runs, runner, "Kafka did not answer within " + ADMIN_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failedToStart(runs, runner, e.getMessage());
        }
    }

    private void failedToStart(PipelineRuns runs, VersionRunner runner, String problem) {
        statuses.write(runs.name, PipelineState.FAILED, runner.version().version(), "its dataflow could not start: "
                + problem + "; retrying every " + FAILURE_RETRY.toSeconds() + " s");
        retryLater(runs, runner, FAILURE_RETRY);
    }

    private void retryLater(PipelineRuns runs, VersionRunner runner, Duration after) {
        runs.retry = control.schedule(() -> start(runs, runner), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onRunning(VersionRunner runner) {
        PipelineRuns runs = pipelines.get(runner.version().name());
        if (runs == null || !runs.runners.contains(runner)) {
            return;
        }
        running = (int) pipelines.values().stream().flatMap(r -> r.runners.stream()).filter(VersionRunner::isRunning)
                .count();
        if (runs.newest().orElseThrow() != runner) {
            return;
        }
        long now = System.currentTimeMillis();
        List<VersionRunner> older = runs.runners.stream().filter(other -> other != runner && !other.retiring())
                .toList();
        older.forEach(old -> old.retireFrom(runner.version().activeFrom(), now));
        statuses.write(runs.name, PipelineState.READY, runner.version().version(), older.isEmpty() ? null
                : "took over from version " + older.stream().map(old -> Long.toString(old.version().version()))
                        .collect(Collectors.joining(", ")) + " for requests written from "
                        + Instant.ofEpochMilli(runner.version().activeFrom()));
    }

    private void onFailed(VersionRunner runner, String reason) {
        PipelineRuns runs = pipelines.get(runner.version().name());
        if (runs == null || !runs.runners.contains(runner)) {
            return;
        }
        runner.close(CLOSE_TIMEOUT);
        VersionRunner again = new VersionRunner(runner.plan(), runner.applicationId(),
                names.pipelineInputs(runs.name));
        runs.runners.set(runs.runners.indexOf(runner), again);
        statuses.write(runs.name, PipelineState.FAILED, runner.version().version(), "its dataflow stopped: " + reason
                + "; restarting in " + FAILURE_RETRY.toSeconds() + " s");
        retryLater(runs, again, FAILURE_RETRY);
    }

    /** Stops the old versions that have finished their requests, and forgets their groups and changelogs. */
    private void retireDrained() {
        long now = System.currentTimeMillis();
        for (PipelineRuns runs : List.copyOf(pipelines.values())) {
            for (VersionRunner runner : List.copyOf(runs.runners)) {
                if (runner.drained(now)) {
                    runs.runners.remove(runner);
                    runner.close(CLOSE_TIMEOUT);
                    cleanup.forget(runner);
                    LOG.infof("%s stopped: the newer version took over and it has finished its requests",
                            runner.version());
                }
            }
        }
    }

    private void onDelete(String name) {
        PipelineRuns runs = pipelines.remove(name);
        if (runs == null) {
            return;
        }
        if (runs.retry != null) {
            runs.retry.cancel(false);
        }
        runs.runners.forEach(runner -> {
            runner.close(CLOSE_TIMEOUT);
            cleanup.forget(runner);
        });
        if (runs.lastSpec != null && runs.lastSpec.spec().dataflow() != null
                && runs.lastSpec.spec().dataflow().cleansTopicsOnDelete()) {
            cleanup.deleteTopics(List.of(names.pipelineInputs(name), names.pipelineOutputs(name)),
                    "dataflow.cleanTopicsOnDelete");
        }
        metrics.forget(name);
        statuses.write(name, PipelineState.TERMINATED, runs.lastSpec == null ? null
                : runs.newest().map(r -> r.version().version()).orElse(null), "deleted");
    }

    /** Topics whose records enter the pipeline: taken by timestamp, so a new version starts at its first moment. */
    private Set<String> entryTopics(DataflowPlan plan) {
        return plan.stages().stream().flatMap(stage -> stage.slots().stream())
                .filter(slot -> !slot.internal() || slot.topic().equals(names.pipelineInputs(plan.pipeline())))
                .map(slot -> slot.topic()).collect(Collectors.toSet());
    }

    /**
     * The version's Kafka Streams application id (its consumer group): pipeline, version number and a digest of the
     * spec, so two specs that were given the same number by two writers at once never share a group.
     */
    private String applicationId(PipelineVersion version) {
        return groups.dataflow(version.name() + "-" + version.version() + "-" + digest(version.pipeline()));
    }

    private static String digest(Pipeline pipeline) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pipeline.specJson()), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static boolean sameSpec(Pipeline a, Pipeline b) {
        return Arrays.equals(a.specJson(), b.specJson());
    }

    private static Path newStateDir(Path base) {
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "replica-");
        } catch (IOException e) {
            throw new UncheckedIOException("SELDON_DATAFLOW_STATE_DIR=" + base + " cannot hold the dataflow's local"
                    + " state: " + e.getMessage() + "; point it at a writable directory", e);
        }
    }

    @Override
    public void close() {
        try {
            control.submit(() -> pipelines.values().forEach(runs -> runs.runners.forEach(r -> r.close(CLOSE_TIMEOUT))))
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("dataflow: stopping the pipelines did not finish cleanly: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            control.shutdownNow();
            producer.close(Duration.ofSeconds(5));
            admin.close(Duration.ofSeconds(5));
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("state directory %s not removed: %s", directory, e.getMessage());
        }
    }
}
