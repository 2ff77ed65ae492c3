package io.seldonmesh.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.testkit.ClientCertificate;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.OAuthServer;
import io.seldonmesh.testkit.RealServers;
import io.seldonmesh.testkit.SharedServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A produce/consume round trip through every security protocol of a real broker, configured with nothing but Seldon
 * Core 2's environment variables and mounted files: what a deployment gives the services is enough.
 */
@RealServers
class SeldonVariablesRoundTripTest {

    @TempDir
    Path mounts;

    private static void roundTrip(Map<String, String> env) throws Exception {
        KafkaClientFactory factory = KafkaClientFactory.fromEnvironment(env);
        String topic = "roundtrip-" + UUID.randomUUID();
        try (Producer<String, String> producer = Records.producer(factory)) {
            Records.send(producer, topic, "hello over " + factory.settings().securityProtocol());
        }
        assertThat(Records.read(factory, "roundtrip-" + UUID.randomUUID(), topic, 1))
                .containsExactly("hello over " + factory.settings().securityProtocol());
    }

    @Test
    void plaintext(KafkaBroker broker) throws Exception {
        roundTrip(SeldonEnvironment.plaintext(broker));
    }

    @Test
    void scramSha512WithThePasswordFromAMountedFile(KafkaBroker broker) throws Exception {
        Path password = Files.writeString(mounts.resolve("password"), SharedServers.SCRAM_PASSWORD + "\n");
        roundTrip(SeldonEnvironment.scram(broker, "SCRAM-SHA-512", SharedServers.SCRAM_USER, password));
    }

    @Test
    void scramSha256WithThePasswordFromAMountedFile(KafkaBroker broker) throws Exception {
        Path password = Files.writeString(mounts.resolve("password"), SharedServers.SCRAM_PASSWORD);
        roundTrip(SeldonEnvironment.scram(broker, "SCRAM-SHA-256", SharedServers.SCRAM_USER, password));
    }

    @Test
    void mutualTlsWithPemFiles(KafkaBroker broker) throws Exception {
        ClientCertificate client = broker.certificates().client();
        roundTrip(SeldonEnvironment.mtls(broker, client.privateKey(), client.certificate(), client.caCertificate()));
    }

    @Test
    void oauthbearerWithTheSeldonOAuthSecret(KafkaBroker broker) throws Exception {
        Path secret = Files.createDirectories(mounts.resolve("kafka-oauth"));
        Files.writeString(secret.resolve("method"), "OIDC");
        Files.writeString(secret.resolve("client_id"), OAuthServer.CLIENT_ID);
        Files.writeString(secret.resolve("client_secret"), OAuthServer.CLIENT_SECRET);
        Files.writeString(secret.resolve("token_endpoint_url"), broker.oauthServer().tokenEndpoint());
        Files.writeString(secret.resolve("extensions"), "logicalCluster=lkc-test,identityPoolId=pool-test");
        Files.writeString(secret.resolve("scope"), "");
        roundTrip(SeldonEnvironment.oauth(broker, secret));
    }

    @Test
    void everyProtocolSeesTheSameTopics(KafkaBroker broker) throws Exception {
        String topic = "shared-" + UUID.randomUUID();
        KafkaClientFactory plaintext = KafkaClientFactory.fromEnvironment(SeldonEnvironment.plaintext(broker));
        try (Producer<String, String> producer = Records.producer(plaintext)) {
            Records.send(producer, topic, "written over PLAINTEXT");
        }
        ClientCertificate client = broker.certificates().client();
        KafkaClientFactory mtls = KafkaClientFactory.fromEnvironment(
                SeldonEnvironment.mtls(broker, client.privateKey(), client.certificate(), client.caCertificate()));
        assertThat(Records.read(mtls, "reader-" + UUID.randomUUID(), topic, 1)).isEqualTo(List.of("written over PLAINTEXT"));
    }
}
