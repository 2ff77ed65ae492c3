package io.seldonmesh.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.seldonmesh.common.config.TestEnvironment;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker with ACLs, as managed Kafka runs: every refusal reads as one line that names the principal, the resource
 * and the operation, and the grant it suggests is what makes the operation work.
 */
class AclDeniedTest {

    private static final String USER = "seldon-app";
    private static final String PASSWORD = "seldon-app-secret";

    @TempDir
    static Path mounts;

    private static KafkaBroker broker;
    private static KafkaClientFactory factory;
    private static KafkaErrorExplainer explainer;

    @BeforeAll
    static void startBrokerWithAcls() throws Exception {
        broker = KafkaBroker.builder().withScramUser(USER, PASSWORD).withAcls().start();
        Path password = Files.writeString(mounts.resolve("password"), PASSWORD);
        factory = KafkaClientFactory.fromEnvironment(TestEnvironment.with(
                SeldonEnvironment.scram(broker, "SCRAM-SHA-512", USER, password),
                "SELDON_NAMESPACE", "seldon-mesh",
                "SELDON_CONSUMER_GROUP_ID_PREFIX", "team-a"));
        explainer = new KafkaErrorExplainer(factory.settings());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static String newTopic() throws Exception {
        String topic = "seldon.seldon-mesh.model.iris-" + UUID.randomUUID().toString().substring(0, 8) + ".inputs";
        try (Admin superUser = Admin.create(broker.adminProperties())) {
            superUser.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static void grant(ResourceType type, String name, AclOperation operation) throws Exception {
        try (Admin superUser = Admin.create(broker.adminProperties())) {
            superUser.createAcls(List.of(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                    new AccessControlEntry("User:" + USER, "*", operation, AclPermissionType.ALLOW)))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static String grantCommand(String operation, String resource) {
        return "Grant it with: kafka-acls.sh --bootstrap-server " + broker.bootstrapServers(Listener.SCRAM)
                + " --command-config admin.properties --add --allow-principal User:" + USER + " --operation " + operation + " " + resource;
    }

    @Test
    void deniedProduceNamesPrincipalTopicAndTheGrantThatFixesIt() throws Exception {
        String topic = newTopic();
        try (Producer<String, String> producer = Records.producer(factory)) {
            Throwable denied = catchThrowable(() -> Records.send(producer, topic, "denied"));

            assertThat(explainer.explain(denied, AclOperation.WRITE)).isEqualTo(
                    "Kafka denied WRITE on topic " + topic + " to User:" + USER + " (KAFKA_SECURITY_PROTOCOL=SASL_SSL, "
                            + "KAFKA_SASL_MECHANISM=SCRAM-SHA-512). " + grantCommand("Write", "--topic " + topic)
                            + "; or for every Seldon topic of this namespace: --resource-pattern-type prefixed --topic seldon.seldon-mesh.");
        }

        grant(ResourceType.TOPIC, topic, AclOperation.WRITE);
        try (Producer<String, String> producer = Records.producer(factory)) {
            Records.sendUntilAccepted(producer, topic, "granted");
        }
    }

    @Test
    void deniedGroupNamesThePrefixedGroupAndReadOperation() throws Exception {
        String topic = newTopic();
        grant(ResourceType.TOPIC, topic, AclOperation.READ);
        Throwable denied;
        try (Consumer<String, String> consumer = factory.consumer("model-gateway", new StringDeserializer(), new StringDeserializer(), Map.of())) {
            consumer.subscribe(List.of(topic));
            denied = pollUntilFailure(consumer);
        }

        assertThat(explainer.explain(denied, AclOperation.READ)).isEqualTo(
                "Kafka denied READ on group team-a-model-gateway to User:" + USER + " (KAFKA_SECURITY_PROTOCOL=SASL_SSL, "
                        + "KAFKA_SASL_MECHANISM=SCRAM-SHA-512). " + grantCommand("Read", "--group team-a-model-gateway"));
    }

    @Test
    void deniedTopicCreationNamesCreate() throws Exception {
        String topic = "seldon.seldon-mesh.model.created-" + UUID.randomUUID().toString().substring(0, 8) + ".outputs";
        Throwable denied;
        try (Admin admin = factory.admin(Map.of())) {
            denied = catchThrowable(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS));
        }

        assertThat(explainer.explain(denied, AclOperation.CREATE, topic)).isEqualTo(
                "Kafka denied CREATE on topic " + topic + " to User:" + USER + " (KAFKA_SECURITY_PROTOCOL=SASL_SSL, "
                        + "KAFKA_SASL_MECHANISM=SCRAM-SHA-512). " + grantCommand("Create", "--topic " + topic)
                        + "; or for every Seldon topic of this namespace: --resource-pattern-type prefixed --topic seldon.seldon-mesh.");
    }

    private static Throwable pollUntilFailure(Consumer<String, String> consumer) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try {
                consumer.poll(Duration.ofMillis(500));
            } catch (RuntimeException refused) {
                return refused;
            }
        }
        throw new AssertionError("the consumer was never refused");
    }
}
