package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.runtime.DaemonThreads;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.acl.AclOperation;
import org.jboss.logging.Logger;

/**
 * Asks the cluster who it is every few seconds, so readiness says "Kafka unreachable" (with the reason in the
 * operator's terms) while it is, rather than only after a produce or commit fails.
 */
final class KafkaProbe implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaProbe.class);

    private final Admin admin;
    private final String bootstrapServers;
    private final KafkaErrorExplainer explainer;
    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("kafka-probe"));
    private volatile String problem = "Kafka not checked yet";

    KafkaProbe(Admin admin, String bootstrapServers, KafkaErrorExplainer explainer, Duration timeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.explainer = explainer;
        this.timeout = timeout;
    }

    void start(Duration every) {
        timer.scheduleWithFixedDelay(this::check, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why Kafka is not usable, or empty when the last check reached it. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (problem != null) {
                LOG.infof("Kafka at %s reachable", bootstrapServers);
            }
            problem = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String now = "Kafka at " + bootstrapServers + " unreachable: " + explainer.explain(cause, AclOperation.DESCRIBE);
            if (!now.equals(problem)) {
                LOG.warn(now);
            }
            problem = now;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
