package io.seldonmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.SharedServers;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real (shared) single-node broker of testkit, over its PLAINTEXT listener. */
class TopicProvisionerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger TEST = new AtomicInteger();

    private static Admin admin;

    @BeforeAll
    static void connect() {
        KafkaBroker broker = SharedServers.kafka();
        admin = Admin.create(broker.adminProperties());
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void createsSharedTopicsWithConfiguredPartitionsAndCompactsControlAndStatus() throws Exception {
        TopicNames names = freshNames();
        ProvisioningReport report = provisioner(names, new TopicSettings(3, 1)).ensureShared();

        assertThat(report.created()).containsExactlyInAnyOrder(names.errors(), names.controlModels(),
                names.controlPipelines(), names.controlCredentials(), names.statusModels(), names.statusPipelines());
        assertThat(report.existing()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(partitions(names.statusModels())).isEqualTo(3);
        assertThat(cleanupPolicy(names.controlModels())).isEqualTo("compact");
        assertThat(cleanupPolicy(names.statusPipelines())).isEqualTo("compact");
        assertThat(cleanupPolicy(names.errors())).isEqualTo("delete");
    }

    @Test
    void provisioningTwiceFindsTheTopicsInPlace() {
        TopicNames names = freshNames();
        TopicProvisioner provisioner = provisioner(names, new TopicSettings(2, 1));
        provisioner.ensureModel("iris");

        ProvisioningReport again = provisioner.ensureModel("iris");

        assertThat(again.created()).isEmpty();
        assertThat(again.existing()).containsExactlyInAnyOrder(names.modelInputs("iris"), names.modelOutputs("iris"));
        assertThat(again.warnings()).isEmpty();
    }

    @Test
    void topicConfigsFromSettingsApplyToEveryTopic() throws Exception {
        TopicNames names = freshNames();
        provisioner(names, new TopicSettings(1, (short) 1, Map.of("max.message.bytes", "2097152")))
                .ensurePipeline("join");

        assertThat(topicConfig(names.pipelineInputs("join")).get("max.message.bytes").value()).isEqualTo("2097152");
    }

    @Test
    void topicsAreCreatedForTheRecordLimitTheClientsAreGiven() throws Exception {
        TopicNames names = freshNames();
        provisioner(names, TopicSettings.from(withRecordLimit(5_242_880))).ensureModel("iris");

        assertThat(topicConfig(names.modelInputs("iris")).get("max.message.bytes").value()).isEqualTo("5242880");
        assertThat(topicConfig(names.modelOutputs("iris")).get("max.message.bytes").value()).isEqualTo("5242880");
    }

    @Test
    void existingTopicsTakingSmallerRecordsAreOneWarningNamingBothLimitsAndTheFix() throws Exception {
        TopicNames names = freshNames();
        admin.createTopics(List.of(new NewTopic(names.modelInputs("iris"), 1, (short) 1)
                .configs(Map.of("max.message.bytes", "1048588")))).all().get();

        ProvisioningReport report = provisioner(names, TopicSettings.from(withRecordLimit(5_242_880))).ensureModel("iris");

        assertThat(report.warnings()).containsExactly("topics [" + names.modelInputs("iris") + "] take records up to"
                + " 1048588 bytes (their max.message.bytes) while KAFKA_MESSAGE_MAX_BYTES=5242880: the broker refuses"
                + " larger ones (the ingress answers 413); raise the topics' max.message.bytes (kafka-configs --alter"
                + " --entity-type topics --add-config max.message.bytes=5242880) or set KAFKA_MESSAGE_MAX_BYTES=1048588");
    }

    @Test
    void aClusterCappingTheRecordLimitStillGetsItsTopicsAndAWarningNamingTheVariable() throws Exception {
        KafkaBroker capped = KafkaBroker.builder().capTopicMessageBytes(2_097_152).start();
        try (Admin cappedAdmin = Admin.create(capped.adminProperties())) {
            TopicNames names = freshNames();

            ProvisioningReport report = new TopicProvisioner(cappedAdmin, names,
                    TopicSettings.from(withRecordLimit(5_242_880)), TIMEOUT).ensureModel("iris");

            assertThat(report.created()).containsExactlyInAnyOrder(names.modelInputs("iris"), names.modelOutputs("iris"));
            assertThat(report.warnings()).singleElement().asString()
                    .startsWith("the cluster refused max.message.bytes=5242880 (KAFKA_MESSAGE_MAX_BYTES) for new topics")
                    .contains("PolicyViolationException: Config property 'max.message.bytes' with value '5242880'"
                            + " exceeded max limit of 2097152.")
                    .endsWith("set KAFKA_MESSAGE_MAX_BYTES to at most the cluster's limit");
        } finally {
            capped.close();
        }
    }

    private static SeldonKafkaSettings withRecordLimit(int bytes) {
        return SeldonKafkaSettings.fromEnvironment(Map.of(SeldonKafkaSettings.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092",
                SeldonKafkaSettings.KAFKA_MESSAGE_MAX_BYTES, Integer.toString(bytes)));
    }

    @Test
    void existingDataTopicWithFewerPartitionsIsAnErrorNamingBothCounts() throws Exception {
        TopicNames names = freshNames();
        admin.createTopics(List.of(new NewTopic(names.modelInputs("iris"), 1, (short) 1))).all().get();

        TopicProvisioningException failure = catchThrowableOfType(TopicProvisioningException.class,
                () -> provisioner(names, new TopicSettings(4, 1)).ensureModel("iris"));

        assertThat(failure).hasMessage("topic '" + names.modelInputs("iris") + "' exists with 1 partition(s) but"
                + " KAFKA_TOPICS_NUM_PARTITIONS=4: requests routed to partitions 1..3 would fail; add partitions to"
                + " the topic or set KAFKA_TOPICS_NUM_PARTITIONS=1");
        assertThat(partitions(names.modelOutputs("iris"))).as("the other topic is still created").isEqualTo(4);
    }

    @Test
    void existingDataTopicWithMorePartitionsIsUsedWithAWarning() {
        TopicNames names = freshNames();
        provisioner(names, new TopicSettings(3, 1)).ensurePipeline("join");

        ProvisioningReport report = provisioner(names, new TopicSettings(2, 1)).ensurePipeline("join");

        assertThat(report.warnings()).contains("topic '" + names.pipelineInputs("join") + "' exists with 3"
                + " partition(s) while KAFKA_TOPICS_NUM_PARTITIONS=2; it is used as it is");
    }

    @Test
    void existingControlTopicThatDeletesOldRecordsIsAnError() throws Exception {
        TopicNames names = freshNames();
        admin.createTopics(List.of(new NewTopic(names.controlModels(), 1, (short) 1)
                .configs(Map.of("cleanup.policy", "delete", "retention.ms", "604800000")))).all().get();

        TopicProvisioningException failure = catchThrowableOfType(TopicProvisioningException.class,
                () -> provisioner(names, new TopicSettings(1, 1)).ensureShared());

        assertThat(failure.problems()).containsExactly("topic '" + names.controlModels() + "' has"
                + " cleanup.policy=delete and retention.ms=604800000: it holds the latest spec or status per key,"
                + " which would be deleted after the retention time; set cleanup.policy=compact on it");
    }

    @Test
    void replicationFactorAboveTheBrokerCountIsAnErrorNamingBothNumbers() {
        TopicNames names = freshNames();

        TopicProvisioningException failure = catchThrowableOfType(TopicProvisioningException.class,
                () -> provisioner(names, new TopicSettings(1, 3)).ensureModel("iris"));

        assertThat(failure).hasMessage("KAFKA_TOPICS_REPLICATION_FACTOR=3 but the Kafka cluster has 1 broker(s): a"
                + " topic cannot have more replicas than there are brokers; set KAFKA_TOPICS_REPLICATION_FACTOR to at"
                + " most 1");
        assertThat(failure.getMessage()).doesNotContain("\n");
    }

    @Test
    void replicationCheckReportsBrokersAndMinInsyncReplicas() {
        ReplicationCheck check = provisioner(freshNames(), new TopicSettings(1, 1)).checkReplication();

        assertThat(check.brokers()).isEqualTo(1);
        assertThat(check.minInsyncReplicas()).hasValue(1);
    }

    @Test
    void unreachableBrokerIsAOneLineTimeoutNamingTheVariable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        try (Admin unreachable = Admin.create(properties)) {
            TopicProvisioner provisioner = new TopicProvisioner(unreachable, freshNames(), new TopicSettings(1, 1),
                    Duration.ofSeconds(2));

            TopicProvisioningException failure = catchThrowableOfType(TopicProvisioningException.class,
                    provisioner::ensureShared);

            assertThat(failure).hasMessage("Kafka did not answer within 2s while describing the Kafka cluster: check"
                    + " KAFKA_BOOTSTRAP_SERVERS and that the brokers are reachable");
        }
    }

    private static TopicNames freshNames() {
        return TopicNames.of("prov" + TEST.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8),
                "seldon-mesh");
    }

    private static TopicProvisioner provisioner(TopicNames names, TopicSettings settings) {
        return new TopicProvisioner(admin, names, settings, TIMEOUT);
    }

    private static int partitions(String topic) throws Exception {
        return onceTheBrokerKnows(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().size());
    }

    private static String cleanupPolicy(String topic) throws Exception {
        return topicConfig(topic).get("cleanup.policy").value();
    }

    private static Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return onceTheBrokerKnows(() -> admin.describeConfigs(List.of(resource)).all().get().get(resource));
    }

    /**
     * A topic created a moment ago can still be unknown to the broker's metadata cache (seen on a
     * loaded machine): ask again for a few seconds before calling it missing.
     */
    private static <T> T onceTheBrokerKnows(Callable<T> describe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return describe.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
