package io.seldonmesh.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.seldonmesh.common.config.PemFile;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.kafka.client.MountedSecret;
import io.seldonmesh.common.kafka.client.ReloadingPemSslEngineFactory;
import io.seldonmesh.testkit.CapturedLog;
import io.seldonmesh.testkit.ClientCertificate;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.RealServers;
import io.seldonmesh.testkit.SharedServers;
import io.seldonmesh.testkit.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificate renewal against a real mTLS listener: the files of a Kubernetes secret volume change under a
 * running producer, and its next connection uses them, with no restart and no loss of what was in flight.
 */
@RealServers
class CertificateRotationTest {

    private static final String CN = "rotating-service";

    @TempDir
    Path mounts;

    private final KafkaBroker broker = SharedServers.kafka();
    private final TestCertificates certificates = broker.certificates();
    private MountedSecret secret;
    private KafkaClientFactory factory;
    private Producer<String, String> producer;
    private String topic;

    @BeforeEach
    void startProducerWithMountedCertificate() throws Exception {
        secret = MountedSecret.create(mounts.resolve("kafka-client-tls"), keys(certificates.issueClient(CN)));
        factory = KafkaClientFactory.fromEnvironment(SeldonEnvironment.mtls(broker,
                secret.path("tls.key"), secret.path("tls.crt"), secret.path("ca.crt")));
        producer = factory.producer(new StringSerializer(), new StringSerializer(), Records.RECONNECTING_PRODUCER);
        topic = "rotation-" + UUID.randomUUID();
        Records.send(producer, topic, "before rotation");
    }

    @AfterEach
    void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    private static Map<String, byte[]> keys(ClientCertificate client) throws IOException {
        return Map.of(
                "tls.key", Files.readAllBytes(client.privateKey()),
                "tls.crt", Files.readAllBytes(client.certificate()),
                "ca.crt", Files.readAllBytes(client.caCertificate()));
    }

    private static String serial(Path certificate) throws IOException {
        return PemFile.certificates("crt", certificate.toString(), Files.readAllBytes(certificate)).get(0).getSerialNumber().toString(16);
    }

    @Test
    void renewedCertificateIsUsedByTheNextConnectionOfTheSameProducer() throws Exception {
        try (CapturedLog log = CapturedLog.of(ReloadingPemSslEngineFactory.class)) {
            ClientCertificate renewed = certificates.issueClient(CN);
            String renewedSerial = serial(renewed.certificate());
            double connectionsBefore = Records.connectionsOpened(producer);
            secret.update(keys(renewed));
            Records.awaitNewConnection(producer, connectionsBefore);

            Records.send(producer, topic, "after rotation");

            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("Picked up new Kafka client TLS material for new connections: client certificate CN="
                            + CN + " issued by CN=testkit-ca serial " + renewedSerial + " "));
        }
        assertThat(Records.read(factory, "reader-" + UUID.randomUUID(), topic, 2)).containsExactly("before rotation", "after rotation");
    }

    @Test
    void certificateFromAnUntrustedCaFailsTheNextConnectionClearlyUntilAGoodOneIsMounted() throws Exception {
        ClientCertificate untrusted = certificates.issueUntrustedClient(CN);
        double connectionsBefore = Records.connectionsOpened(producer);
        secret.update(Map.of(
                "tls.key", Files.readAllBytes(untrusted.privateKey()),
                "tls.crt", Files.readAllBytes(untrusted.certificate()),
                "ca.crt", Files.readAllBytes(certificates.directory().resolve("untrusted").resolve("ca.crt"))));
        Records.awaitNewConnection(producer, connectionsBefore);

        Throwable failure = catchThrowable(() -> Records.send(producer, topic, "with an untrusted certificate"));

        assertThat(new KafkaErrorExplainer(factory.settings()).explain(failure, AclOperation.WRITE))
                .startsWith("TLS to " + broker.bootstrapServers(Listener.MTLS)
                        + " failed: the broker did not accept the client certificate CN=" + CN + " issued by CN=testkit-untrusted-ca from "
                        + "KAFKA_CLIENT_TLS_CRT_LOCATION=" + secret.path("tls.crt")
                        + ": mount a current certificate issued by a CA in the broker's trust store (Java said: ");

        secret.update(keys(certificates.issueClient(CN)));
        Records.sendUntilAccepted(producer, topic, "after recovery");
        assertThat(Records.read(factory, "reader-" + UUID.randomUUID(), topic, 2)).containsExactly("before rotation", "after recovery");
    }

    @Test
    void recordsInFlightDuringARotationAreNeitherLostNorDuplicated() throws Exception {
        List<String> values = IntStream.range(0, 300).mapToObj(i -> "record-" + i).toList();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (String value : values) {
            sent.add(producer.send(new ProducerRecord<>(topic, value)));
            if (value.equals("record-150")) {
                secret.update(keys(certificates.issueClient(CN)));
            }
        }
        for (Future<RecordMetadata> future : sent) {
            future.get(30, TimeUnit.SECONDS);
        }
        List<String> expected = new ArrayList<>(List.of("before rotation"));
        expected.addAll(values);
        assertThat(Records.read(factory, "reader-" + UUID.randomUUID(), topic, expected.size())).isEqualTo(expected);
    }
}
