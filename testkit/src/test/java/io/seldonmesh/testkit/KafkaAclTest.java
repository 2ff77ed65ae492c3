package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaAclTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBrokerWithAcls() {
        broker = KafkaBroker.builder().withScramUser("alice", "alice-secret").withAcls().messageMaxBytes(2048).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void userWithoutWriteAclIsDeniedUntilGranted() throws Exception {
        String topic = RoundTrip.newTopic(broker);
        Map<String, Object> alice = broker.scramClientProperties("SCRAM-SHA-512", "alice", "alice-secret");

        Throwable denied = catchThrowable(() -> RoundTrip.produce(alice, topic, "denied"));
        assertThat(RoundTrip.causeOfType(denied, TopicAuthorizationException.class))
                .as("cause chain of %s", denied).isNotNull()
                .extracting(TopicAuthorizationException::unauthorizedTopics, InstanceOfAssertFactories.COLLECTION)
                .contains(topic);

        try (Admin admin = Admin.create(broker.adminProperties())) {
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
        }

        produceOnceAclsArrive(alice, topic);
        assertThat(RoundTrip.consumeFirst(broker.adminProperties(), topic)).isEqualTo("granted");
    }

    @Test
    void adminUserIsASuperUserOverScram() throws Exception {
        Map<String, Object> admin = broker.scramClientProperties("SCRAM-SHA-256",
                KafkaBroker.ADMIN_USER, KafkaBroker.ADMIN_PASSWORD);

        assertThat(RoundTrip.roundTrip(broker, admin)).isEqualTo("hello SASL_SSL");
    }

    @Test
    void messageMaxBytesIsAppliedToTheBroker() throws Exception {
        try (Admin admin = Admin.create(broker.adminProperties())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, "1");
            var config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("message.max.bytes").value()).isEqualTo("2048");
            assertThat(config.get("authorizer.class.name").value())
                    .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void closingStopsTheBrokerFreesItsPortsAndDeletesItsData() throws Exception {
        List<Integer> ports = List.of(broker.port(Listener.PLAINTEXT), broker.port(Listener.SCRAM));

        broker.close();

        Stopped.assertStopped(broker, ports);
        assertThat(broker.workDirectory().resolve("data")).doesNotExist();
        assertThat(Files.readString(broker.logFile())).contains("Kafka Server started");
    }

    /** ACLs reach the authorizer through the metadata log, a moment after createAcls returns. */
    private static void produceOnceAclsArrive(Map<String, Object> client, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                RoundTrip.produce(client, topic, "granted");
                return;
            } catch (Exception e) {
                if (RoundTrip.causeOfType(e, TopicAuthorizationException.class) == null || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
