package io.seldonmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.seldonmesh.testkit.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real broker configured like a managed cluster that demands two in-sync replicas. */
class TopicProvisionerMinInsyncTest {

    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.builder().minInsyncReplicas(2).start();
        admin = Admin.create(broker.adminProperties());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void replicationFactorBelowMinInsyncReplicasIsAnErrorExplainingAcksAll() throws Exception {
        TopicNames names = TopicNames.of("insync", "default");
        TopicProvisioner provisioner = new TopicProvisioner(admin, names, new TopicSettings(1, 1), Duration.ofSeconds(20));

        TopicProvisioningException failure = catchThrowableOfType(TopicProvisioningException.class,
                provisioner::ensureShared);

        assertThat(failure).hasMessage("KAFKA_TOPICS_REPLICATION_FACTOR=1 is below the broker's min.insync.replicas=2:"
                + " producers using acks=all (as these services do) would fail every write with"
                + " NotEnoughReplicasException; set KAFKA_TOPICS_REPLICATION_FACTOR to at least 2 or lower"
                + " min.insync.replicas");
        assertThat(admin.listTopics().names().get()).as("nothing is created when the check fails")
                .noneMatch(topic -> topic.startsWith("insync."));
    }

    @Test
    void topicLevelMinInsyncReplicasOverridesTheBrokers() {
        TopicProvisioner provisioner = new TopicProvisioner(admin, TopicNames.of("override", "default"),
                new TopicSettings(1, (short) 1, Map.of("min.insync.replicas", "1")), Duration.ofSeconds(20));

        ProvisioningReport report = provisioner.ensureModel("iris");

        assertThat(report.created()).hasSize(2);
        assertThat(provisioner.checkReplication().minInsyncReplicas()).hasValue(1);
    }
}
