package io.seldonmesh.modelfetcher.io;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import io.seldonmesh.common.kafka.ProvisioningReport;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.TopicProvisioningException;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;

/**
 * Control and status topics are shared by every service; whichever starts first creates them. Run before the
 * control topic is read, and again before each new attempt until it once succeeded. Failing is not fatal: the topics
 * may exist and only creating them be denied; the reader then names a topic that is really missing.
 */
final class SharedTopicCreation implements Runnable {

    private static final Logger LOG = Logger.getLogger(SharedTopicCreation.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClientFactory kafka;
    private final TopicNames topics;
    private volatile boolean done;

    SharedTopicCreation(KafkaClientFactory kafka, TopicNames topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    @Override
    public void run() {
        if (done) {
            return;
        }
        try (Admin admin = kafka.admin(Map.of())) {
            ProvisioningReport report = new TopicProvisioner(admin, topics, TopicSettings.from(kafka.settings()), TIMEOUT)
                    .ensureShared();
            report.warnings().forEach(LOG::warn);
            if (!report.created().isEmpty()) {
                LOG.infof("created topics %s", report.created());
            }
            done = true;
        } catch (TopicProvisioningException e) {
            LOG.errorf("could not make sure the shared topics exist: %s", e.getMessage());
        }
    }
}
