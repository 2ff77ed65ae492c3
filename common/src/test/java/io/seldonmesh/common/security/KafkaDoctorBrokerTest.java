package io.seldonmesh.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.config.TestEnvironment;
import io.seldonmesh.common.doctor.KafkaDoctor;
import io.seldonmesh.testkit.ClientCertificate;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.RealServers;
import io.seldonmesh.testkit.SharedServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connectivity doctor against a real broker: a good configuration passes every layer, a bad one fails at its layer. */
@RealServers
class KafkaDoctorBrokerTest {

    @TempDir
    Path mounts;

    private static String[] examine(Map<String, String> environment, int expectedStatus) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = KafkaDoctor.run(environment, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(status).as(String.join("\n", lines)).isEqualTo(expectedStatus);
        return lines;
    }

    @Test
    void goodScramConfigurationPassesEveryLayer(KafkaBroker broker) throws Exception {
        Path password = Files.writeString(mounts.resolve("password"), SharedServers.SCRAM_PASSWORD);
        String server = broker.bootstrapServers(Listener.SCRAM);

        String[] lines = examine(SeldonEnvironment.scram(broker, "SCRAM-SHA-512", SharedServers.SCRAM_USER, password), 0);

        assertThat(lines).hasSize(7);
        assertThat(lines[0]).isEqualTo("✓ OK   settings       SASL_SSL/SCRAM-SHA-512 to " + server);
        assertThat(lines[1]).isEqualTo("✓ OK   dns            127.0.0.1 -> 127.0.0.1 (IPv4)");
        assertThat(lines[2]).isEqualTo("✓ OK   tcp            connected to " + server + " at 127.0.0.1 (IPv4)");
        assertThat(lines[3]).isEqualTo("✓ OK   tls            TLSv1.3 with " + server + ", broker certificate CN=broker issued by CN=testkit-ca");
        assertThat(lines[4]).isEqualTo("✓ OK   authentication as User:" + SharedServers.SCRAM_USER + " with SCRAM-SHA-512");
        assertThat(lines[5]).matches("✓ OK   cluster        cluster \\S+ with 1 broker");
        assertThat(lines[6]).matches("✓ OK   topics         \\d+ topics visible, \\d+ of them seldon\\.default\\.\\*.*"
                + "; each Model and Pipeline adds 2 \\(its inputs and outputs\\), a pipeline's joins a changelog each");
    }

    /** A quota such as Event Hubs Standard's 10 topics: the doctor warns before the next Model would pass it. */
    @Test
    void topicQuotaAboutToBePassedIsAWarningNamingTheCount(KafkaBroker broker) {
        String namespace = "quota-" + System.nanoTime();
        // the deployment's 6 fixed topics alone leave no room for a Model's 2 under a quota of 7
        String[] lines = examine(TestEnvironment.with(SeldonEnvironment.plaintext(broker),
                "KAFKA_TOPICS_QUOTA", "7", "SELDON_NAMESPACE", namespace), 0);

        assertThat(lines[lines.length - 1]).startsWith("! WARN topics         ")
                .contains("0 of them seldon." + namespace + ".*; 6 more to create at start-up (errors, control, status)")
                .contains("of KAFKA_TOPICS_QUOTA=7 used, the next Model or Pipeline")
                .contains("Event Hubs Standard allows 10 per namespace");
    }

    @Test
    void wrongPasswordFailsAtAuthenticationNamingUserAndFile(KafkaBroker broker) throws Exception {
        Path password = Files.writeString(mounts.resolve("password"), "not-the-password");

        String[] lines = examine(SeldonEnvironment.scram(broker, "SCRAM-SHA-512", SharedServers.SCRAM_USER, password), 1);

        assertThat(lines[3]).startsWith("✓ OK   tls");
        assertThat(lines[4]).startsWith("✗ FAIL authentication Kafka rejected the SCRAM-SHA-512 login of user " + SharedServers.SCRAM_USER
                + " (KAFKA_CLIENT_SASL_USERNAME) with the password in KAFKA_CLIENT_SASL_PASSWORD_LOCATION=" + password);
    }

    @Test
    void certificateFromAnUntrustedCaFailsAtTls(KafkaBroker broker) {
        ClientCertificate untrusted = broker.certificates().issueUntrustedClient("doctor-untrusted");

        String[] lines = examine(SeldonEnvironment.mtls(broker, untrusted.privateKey(), untrusted.certificate(), untrusted.caCertificate()), 1);

        assertThat(lines[3]).startsWith("✗ FAIL tls            TLS to " + broker.bootstrapServers(Listener.MTLS)
                + " failed: the broker did not accept the client certificate CN=doctor-untrusted issued by CN=testkit-untrusted-ca");
        assertThat(lines[4]).isEqualTo("- SKIP authentication not checked: an earlier layer failed");
    }

    @Test
    void replicationFactorAboveTheBrokerCountFailsAtCluster(KafkaBroker broker) {
        String[] lines = examine(TestEnvironment.with(SeldonEnvironment.plaintext(broker), "KAFKA_TOPICS_REPLICATION_FACTOR", "3"), 1);

        assertThat(lines[3]).isEqualTo("✓ OK   authentication none configured (PLAINTEXT): the brokers see User:ANONYMOUS");
        assertThat(lines[4]).matches("✗ FAIL cluster        cluster \\S+ with 1 broker, fewer than KAFKA_TOPICS_REPLICATION_FACTOR=3: "
                + "topic creation will fail; set it to at most 1");
    }
}
