package io.seldonmesh.pipelinegateway.dataflow.io;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.jboss.logging.Logger;

/**
 * What a stopped pipeline version leaves in Kafka, deleted: its consumer group and changelog topics, once no replica
 * still runs it (the group must be empty to be deleted, so the last replica to stop the version succeeds); and a
 * deleted pipeline's own topics when its spec asked for it. Kafka Streams' members do not leave their group when
 * closed, so a group empties only after the session timeout: deletion is tried again a few times until then.
 */
final class VersionCleanup {

    private static final Logger LOG = Logger.getLogger(VersionCleanup.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RETRY = Duration.ofSeconds(4);
    private static final int ATTEMPTS = 5;

    private final Admin admin;
    private final SeldonKafkaSettings settings;
    private final KafkaErrorExplainer explainer;
    private final ScheduledExecutorService retries;

    /** @param retries where later attempts run (the dataflow's control thread) */
    VersionCleanup(Admin admin, SeldonKafkaSettings settings, KafkaErrorExplainer explainer,
                   ScheduledExecutorService retries) {
        this.admin = admin;
        this.settings = settings;
        this.explainer = explainer;
        this.retries = retries;
    }

    void forget(VersionRunner runner) {
        forget(runner, 1);
    }

    private void forget(VersionRunner runner, int attempt) {
        String group = settings.consumerGroupId(runner.applicationId());
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException) {
                if (attempt < ATTEMPTS) {
                    retries.schedule(() -> forget(runner, attempt + 1), RETRY.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    LOG.infof("%s: its consumer group %s still has members (another replica runs it); that replica"
                            + " deletes it and its changelogs when it stops", runner.version(), group);
                }
                return;
            }
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                LOG.warnf("%s: its consumer group %s could not be deleted: %s", runner.version(), group,
                        explainer.explain(e.getCause(), AclOperation.DELETE));
            }
        } catch (TimeoutException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            Set<String> topics = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            deleteTopics(topics.stream().filter(topic -> topic.startsWith(group + "-")).toList(),
                    runner.version() + " stopped");
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("%s: its changelog topics could not be listed for deletion: %s", runner.version(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void deleteTopics(List<String> topics, String why) {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.deleteTopics(topics).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("deleted topics %s (%s)", topics, why);
        } catch (ExecutionException e) {
            LOG.warnf("topics %s could not be deleted (%s): %s", topics, why,
                    explainer.explain(e.getCause(), AclOperation.DELETE));
        } catch (TimeoutException e) {
            LOG.warnf("Kafka did not confirm deleting topics %s within %d s", topics, TIMEOUT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
