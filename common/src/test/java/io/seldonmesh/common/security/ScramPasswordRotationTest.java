package io.seldonmesh.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.kafka.client.MountedSecret;
import io.seldonmesh.common.kafka.client.PasswordFileCallbackHandler;
import io.seldonmesh.testkit.CapturedLog;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.RealServers;
import io.seldonmesh.testkit.SharedServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SCRAM password rotated the way an operator does it on AWS MSK: change the password on the cluster, then update
 * the Kubernetes secret. Established connections stay authenticated, and once the mounted file changes the next
 * connection logs in with the new password, in the same process.
 *
 * <p>Kafka's rule, seen here: an idempotent producer whose very first login fails cannot be used again (its
 * producer-id request fails fatally), while one that logged in before survives failed logins of later connections.
 */
@RealServers
class ScramPasswordRotationTest {

    @TempDir
    Path mounts;

    private final KafkaBroker broker = SharedServers.kafka();
    private String user;
    private MountedSecret secret;
    private KafkaClientFactory factory;
    private String topic;

    private static Map<String, byte[]> password(String value) {
        return Map.of("password", value.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void userWithMountedPassword() throws Exception {
        user = "rotating-" + UUID.randomUUID().toString().substring(0, 8);
        broker.upsertScramUser(user, "password-1");
        secret = MountedSecret.create(mounts.resolve("kafka-sasl"), password("password-1"));
        factory = KafkaClientFactory.fromEnvironment(SeldonEnvironment.scram(broker, "SCRAM-SHA-512", user, secret.path("password")));
        topic = "scram-rotation-" + UUID.randomUUID();
    }

    @Test
    void establishedConnectionsStayAuthenticatedWhileThePasswordChanges() throws Exception {
        try (Producer<String, String> producer = Records.producer(factory)) {
            Records.send(producer, topic, "with password-1");
            broker.upsertScramUser(user, "password-2");
            Records.send(producer, topic, "still on the connection opened with password-1");
            secret.update(password("password-2"));
            Records.send(producer, topic, "after the secret changed");
        }
        assertThat(Records.read(factory, "reader-" + UUID.randomUUID(), topic, 3)).containsExactly(
                "with password-1", "still on the connection opened with password-1", "after the secret changed");
    }

    @Test
    void nextConnectionUsesTheRotatedPasswordWithoutARestart() throws Exception {
        try (CapturedLog log = CapturedLog.of(PasswordFileCallbackHandler.class);
             Producer<String, String> producer = factory.producer(new StringSerializer(), new StringSerializer(), Records.RECONNECTING_PRODUCER)) {
            Records.send(producer, topic, "with password-1");
            broker.upsertScramUser(user, "password-2");

            try (Producer<String, String> started = Records.producer(factory)) {
                Throwable refused = catchThrowable(() -> Records.send(started, topic, "with the old password"));
                assertThat(new KafkaErrorExplainer(factory.settings()).explain(refused, AclOperation.WRITE))
                        .startsWith("Kafka rejected the SCRAM-SHA-512 login of user " + user + " (KAFKA_CLIENT_SASL_USERNAME) with the "
                                + "password in KAFKA_CLIENT_SASL_PASSWORD_LOCATION=" + secret.path("password") + " (modified ")
                        .contains("check that the user exists for SCRAM-SHA-512 (kafka-configs.sh --bootstrap-server "
                                + broker.bootstrapServers(Listener.SCRAM) + " --describe --entity-type users --entity-name " + user + ")");
            }

            double connectionsBefore = Records.connectionsOpened(producer);
            secret.update(password("password-2"));
            Records.awaitNewConnection(producer, connectionsBefore);
            Records.sendUntilAccepted(producer, topic, "with password-2");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("Picked up a new SASL password for user " + user + " from KAFKA_CLIENT_SASL_PASSWORD_LOCATION="
                            + secret.path("password"))
                    .doesNotContain("password-2"));
        }
        assertThat(Records.read(factory, "reader-" + UUID.randomUUID(), topic, 2)).containsExactly("with password-1", "with password-2");
    }
}
