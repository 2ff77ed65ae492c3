package io.seldonmesh.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.config.TestEnvironment;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.MountedSecret;
import io.seldonmesh.common.kafka.client.OAuthSecretJwtRetriever;
import io.seldonmesh.testkit.CapturedLog;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.OAuthServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth client credentials rotated in the mounted Seldon secret while a producer runs: Kafka's next token refresh
 * fetches with the new credentials, and new connections authenticate with that token, without a restart. Tokens
 * live ten seconds here so that a refresh comes within the test.
 */
class OAuthSecretRotationTest {

    @TempDir
    Path mounts;

    private static OAuthServer oauth;
    private static KafkaBroker broker;

    @BeforeAll
    static void startShortLivedTokenServerAndBroker() {
        oauth = OAuthServer.builder().tokenLifetime(Duration.ofSeconds(10)).start();
        broker = KafkaBroker.builder().withOAuth(oauth).start();
    }

    @AfterAll
    static void stopServers() {
        broker.close();
        oauth.close();
    }

    private static Map<String, byte[]> seldonSecret(String clientId, String clientSecret) {
        return Map.of(
                "method", "OIDC".getBytes(StandardCharsets.UTF_8),
                "client_id", clientId.getBytes(StandardCharsets.UTF_8),
                "client_secret", clientSecret.getBytes(StandardCharsets.UTF_8),
                "token_endpoint_url", oauth.tokenEndpoint().getBytes(StandardCharsets.UTF_8),
                "extensions", new byte[0],
                "scope", new byte[0]);
    }

    @Test
    void rotatedClientCredentialsAreUsedFromTheNextTokenRefresh() throws Exception {
        MountedSecret secret = MountedSecret.create(mounts.resolve("kafka-oauth"), seldonSecret("first-client", "first-secret"));
        // Kafka refreshes at about 80% of a token's life, but by default not sooner than a minute after the last one.
        KafkaClientFactory factory = KafkaClientFactory.fromEnvironment(TestEnvironment.with(SeldonEnvironment.oauth(broker, secret.directory()),
                "kafka.sasl.login.refresh.min.period.seconds", "1",
                "kafka.sasl.login.refresh.buffer.seconds", "1"));
        String topic = "oauth-rotation-" + UUID.randomUUID();
        try (CapturedLog log = CapturedLog.of(OAuthSecretJwtRetriever.class);
             Producer<String, String> producer = factory.producer(new StringSerializer(), new StringSerializer(), Records.RECONNECTING_PRODUCER)) {
            Records.send(producer, topic, "as first-client");
            assertThat(OAuthSecretJwtRetriever.lastTokenSubject(secret.directory())).contains("first-client");

            secret.update(seldonSecret("second-client", "second-secret"));
            Instant deadline = Instant.now().plusSeconds(30);
            while (!OAuthSecretJwtRetriever.lastTokenSubject(secret.directory()).equals(Optional.of("second-client"))) {
                assertThat(Instant.now()).as("Kafka refreshes the token with the rotated credentials").isBefore(deadline);
                Thread.sleep(200);
            }
            double connectionsBefore = Records.connectionsOpened(producer);
            Records.awaitNewConnection(producer, connectionsBefore);
            Records.sendUntilAccepted(producer, topic, "as second-client");

            assertThat(log.lines()).contains("Picked up new OAuth client credentials from KAFKA_CLIENT_OAUTH_SECRET_LOCATION="
                    + secret.directory() + " for the next token fetch: client_id second-client, token endpoint " + oauth.tokenEndpoint());
            assertThat(log.lines()).noneMatch(line -> line.contains("second-secret"));
        }
        assertThat(Records.read(factory, "reader-" + UUID.randomUUID(), topic, 2)).containsExactly("as first-client", "as second-client");
    }
}
