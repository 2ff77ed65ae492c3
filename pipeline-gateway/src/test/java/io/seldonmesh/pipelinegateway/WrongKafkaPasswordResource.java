package io.seldonmesh.pipelinegateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

/**
 * SCRAM-SHA-512 on the shared broker for a user of its own, whose mounted password file holds the wrong password
 * until {@link #fixPassword()} writes the right one (replaced in one move, as Kubernetes swaps a Secret's files).
 */
public class WrongKafkaPasswordResource implements QuarkusTestResourceLifecycleManager {

    private static final String PASSWORD = "the-password";
    private static Path passwordFile;
    private static String namespace;

    public static void fixPassword() throws IOException {
        Path written = Files.writeString(passwordFile.resolveSibling("password.new"), PASSWORD);
        Files.move(written, passwordFile, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The broker's PLAINTEXT listener, for the test's own clients (responders, status writer). */
    public static String plaintextBootstrap() {
        return SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);
    }

    public static String namespace() {
        return namespace;
    }

    @Override
    public Map<String, String> start() {
        KafkaBroker broker = SharedServers.kafka();
        String user = "pgw-late-" + UUID.randomUUID().toString().substring(0, 8);
        namespace = "pgw-" + UUID.randomUUID().toString().substring(0, 8);
        broker.upsertScramUser(user, PASSWORD);
        try {
            passwordFile = Files.writeString(Files.createTempDirectory("pgw-sasl").resolve("password"), "not-the-password");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.SCRAM),
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_CLIENT_SASL_USERNAME", user,
                "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", passwordFile.toString(),
                "KAFKA_BROKER_TLS_CA_LOCATION", broker.certificates().caCertificate().toString(),
                "SELDON_NAMESPACE", namespace,
                "KAFKA_TOPICS_NUM_PARTITIONS", "1");
    }

    @Override
    public void stop() {
        // the shared broker outlives the test classes; testkit stops it at JVM exit
    }
}
