package io.seldonmesh.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.kafka.client.MountedSecret;
import io.seldonmesh.common.kafka.client.RecreatingProducer;
import io.seldonmesh.testkit.CapturedLog;
import io.seldonmesh.testkit.KafkaBroker;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service started before its Kafka password was right: the mounted secret is fixed later, and the producer it made
 * at start-up sends without a restart (a plain Kafka producer whose first login failed never does: common's DESIGN.md).
 */
@RealServers
class WrongPasswordAtStartTest {

    @TempDir
    Path mounts;

    private final KafkaBroker broker = SharedServers.kafka();

    private String user;
    private MountedSecret secret;
    private KafkaClientFactory factory;
    private String topic;

    @BeforeEach
    void userWhoseMountedPasswordIsWrong() throws Exception {
        user = "late-" + UUID.randomUUID().toString().substring(0, 8);
        broker.upsertScramUser(user, "the-password");
        secret = MountedSecret.create(mounts.resolve("kafka-sasl"),
                Map.of("password", "not-the-password".getBytes(StandardCharsets.UTF_8)));
        factory = KafkaClientFactory.fromEnvironment(SeldonEnvironment.scram(broker, "SCRAM-SHA-512", user, secret.path("password")));
        topic = "late-password-" + UUID.randomUUID();
    }

    @Test
    @Timeout(60)
    void producerWhoseFirstSendsFailedOnTheWrongPasswordSendsOnceTheMountedFileIsFixed() throws Exception {
        try (CapturedLog log = CapturedLog.of(RecreatingProducer.class);
             Producer<String, String> producer = factory.recreatingProducer(new StringSerializer(), new StringSerializer(),
                     Records.QUICK_PRODUCER)) {
            Throwable refused = catchThrowable(() -> Records.send(producer, topic, "with the wrong password"));
            assertThat(new KafkaErrorExplainer(factory.settings()).explain(refused, AclOperation.WRITE))
                    .startsWith("Kafka rejected the SCRAM-SHA-512 login of user " + user);
            Throwable whileRecreating = catchThrowable(() -> Records.send(producer, topic, "while it is recreated"));
            assertThat(whileRecreating).hasMessageContaining("is being recreated")
                    .hasMessageContaining("Kafka rejected the SCRAM-SHA-512 login of user " + user);

            secret.update(Map.of("password", "the-password".getBytes(StandardCharsets.UTF_8)));
            Records.sendUntilAccepted(producer, topic, "once the file is fixed");
            Records.send(producer, topic, "and after");

            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("cannot send any more, because its login or producer id request failed before it sent anything:"
                            + " Kafka rejected the SCRAM-SHA-512 login of user " + user)
                    .contains("recreating it in 1000 ms"));
        }
        assertThat(Records.read(factory, "reader-" + UUID.randomUUID(), topic, 2))
                .containsExactly("once the file is fixed", "and after");
    }

    /** model-gateway asks its producer for a topic's partitions before it sends. */
    @Test
    @Timeout(60)
    void producerWhoseFirstMetadataRequestFailedOnTheWrongPasswordSendsOnceTheMountedFileIsFixed() throws Exception {
        try (Producer<String, String> producer = factory.recreatingProducer(new StringSerializer(), new StringSerializer(),
                Map.of("max.block.ms", 5_000, "request.timeout.ms", 5_000, "delivery.timeout.ms", 10_000))) {
            Throwable refused = catchThrowable(() -> producer.partitionsFor(topic));
            assertThat(new KafkaErrorExplainer(factory.settings()).explain(refused, AclOperation.WRITE))
                    .startsWith("Kafka rejected the SCRAM-SHA-512 login of user " + user);

            secret.update(Map.of("password", "the-password".getBytes(StandardCharsets.UTF_8)));
            Records.sendUntilAccepted(producer, topic, "first record, after the fix");
        }
        assertThat(Records.read(factory, "reader-" + UUID.randomUUID(), topic, 1)).containsExactly("first record, after the fix");
    }
}
