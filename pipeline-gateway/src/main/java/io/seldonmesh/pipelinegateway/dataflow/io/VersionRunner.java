package io.seldonmesh.pipelinegateway.dataflow.io;

import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowPlan;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowSettings;
import io.seldonmesh.pipelinegateway.dataflow.core.FlowMetrics;
import io.seldonmesh.pipelinegateway.dataflow.core.PipelineVersion;
import io.seldonmesh.pipelinegateway.dataflow.core.RecordOwnership;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jboss.logging.Logger;

/**
 * One pipeline version running: its Kafka Streams application ({@code application.id} = the version's consumer
 * group, so replicas running the same version split its partitions), the ownership rule that tells its records from
 * other versions', and when it last wrote something.
 */
final class VersionRunner {

    private static final Logger LOG = Logger.getLogger(VersionRunner.class);
    /** A thread failing more often than this is a lasting problem: the version is stopped and reported Failed. */
    private static final int REPLACEMENTS_PER_MINUTE = 3;

    interface Events {
        void running(VersionRunner runner);

        void failed(VersionRunner runner, String reason);
    }

    private final PipelineVersion version;
    private final DataflowPlan plan;
    private final RecordOwnership ownership;
    private final String applicationId;
    private final ActivityClock activity = new ActivityClock();
    private final Deque<Long> replacements = new ArrayDeque<>();
    private volatile KafkaStreams streams;
    private volatile boolean running;
    private volatile String lastError;
    private long retiredAt = -1;

    VersionRunner(DataflowPlan plan, String applicationId, String entryTopic) {
        this.version = plan.version();
        this.plan = plan;
        this.ownership = new RecordOwnership(version, entryTopic);
        this.applicationId = applicationId;
    }

    PipelineVersion version() {
        return version;
    }

    DataflowPlan plan() {
        return plan;
    }

    String applicationId() {
        return applicationId;
    }

    void start(KafkaClientFactory clients, DataflowSettings settings, FlowMetrics metrics, Path stateDir,
               KafkaTracing tracing, Events events) {
        Properties properties = new Properties();
        properties.putAll(StreamsSettings.of(clients, applicationId, settings, stateDir));
        KafkaStreams started = new KafkaStreams(PipelineTopology.build(plan, ownership, metrics,
                clients.settings().messageMaxBytes(), settings.tick(), activity, tracing), properties);
        started.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING && !running) {
                running = true;
                events.running(this);
            } else if (now == KafkaStreams.State.ERROR) {
                running = false;
                events.failed(this, lastError == null ? "its Kafka Streams application stopped" : lastError);
            }
        });
        started.setUncaughtExceptionHandler(error -> {
            lastError = error.getClass().getSimpleName() + ": " + error.getMessage();
            if (tooManyReplacements(System.currentTimeMillis())) {
                LOG.errorf(error, "%s: its stream thread keeps failing (%s); stopping it", version, lastError);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.warnf(error, "%s: its stream thread failed (%s); replacing it", version, lastError);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams = started;
        started.start();
    }

    private synchronized boolean tooManyReplacements(long now) {
        replacements.addLast(now);
        while (!replacements.isEmpty() && replacements.peekFirst() < now - 60_000) {
            replacements.removeFirst();
        }
        return replacements.size() > REPLACEMENTS_PER_MINUTE;
    }

    boolean isRunning() {
        return running;
    }

    /** Requests entering from {@code timestamp} on are a newer version's. */
    void retireFrom(long timestamp, long now) {
        ownership.retireFrom(timestamp);
        retiredAt = now;
    }

    boolean retiring() {
        return retiredAt >= 0;
    }

    /**
     * A retiring version stops once it has been quiet for long enough that no request it took can still be waiting
     * in one of its joins or batches.
     */
    boolean drained(long now) {
        long quietNeeded = Math.max(2_000, plan.longestWaitMillis());
        return retiring() && now - retiredAt >= quietNeeded && activity.quietFor(now) >= quietNeeded;
    }

    void close(Duration timeout) {
        KafkaStreams current = streams;
        running = false;
        if (current != null) {
            current.close(new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
            current.cleanUp();
        }
    }
}
