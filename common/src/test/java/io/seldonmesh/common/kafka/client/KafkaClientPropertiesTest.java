package io.seldonmesh.common.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.config.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

    @TempDir
    Path dir;

    private static KafkaClientProperties properties(String... keyValues) {
        return new KafkaClientProperties(TestEnvironment.settings(keyValues));
    }

    private Path passwordFile() throws IOException {
        return Files.writeString(dir.resolve("password"), "p4ssw0rd-value");
    }

    private Path oauthSecret() throws IOException {
        Path secret = Files.createDirectories(dir.resolve("oauth"));
        Files.writeString(secret.resolve("method"), "OIDC");
        Files.writeString(secret.resolve("client_id"), "seldon-client");
        Files.writeString(secret.resolve("client_secret"), "client-secret-value");
        Files.writeString(secret.resolve("token_endpoint_url"), "https://idp.example.com/token");
        Files.writeString(secret.resolve("extensions"), "logicalCluster=lkc-1,identityPoolId=pool-2");
        Files.writeString(secret.resolve("scope"), "kafka");
        return secret;
    }

    @Test
    void plaintextIsJustTheBrokers() {
        assertThat(properties().connection()).containsExactly(
                Map.entry("bootstrap.servers", "broker:9092"),
                Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void sslWithoutFilesLeavesTheEngineToKafkaAndTheJvmCas() {
        assertThat(properties("KAFKA_SECURITY_PROTOCOL", "SSL").connection()).containsExactly(
                Map.entry("bootstrap.servers", "broker:9092"),
                Map.entry("security.protocol", "SSL"),
                Map.entry("ssl.endpoint.identification.algorithm", "https"));
    }

    @Test
    void scramOverSaslSslReadsThePasswordFileThroughTheCallbackHandler() throws IOException {
        Path password = passwordFile();
        Map<String, Object> connection = properties("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_CLIENT_SASL_USERNAME", "alice", "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", password.toString()).connection();
        assertThat(connection).containsExactly(
                Map.entry("bootstrap.servers", "broker:9092"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("ssl.endpoint.identification.algorithm", "https"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\";"),
                Map.entry("sasl.client.callback.handler.class", PasswordFileCallbackHandler.class),
                Map.entry("seldonmesh.sasl.password.location", password.toString()));
    }

    @Test
    void scramSha256UsesTheScramLoginModule() throws IOException {
        Map<String, Object> connection = properties("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
                "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", passwordFile().toString()).connection();
        assertThat(connection)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"seldon\";")
                .doesNotContainKey("ssl.endpoint.identification.algorithm");
    }

    @Test
    void plainUsesThePlainLoginModuleAndQuotesTheUserName() throws IOException {
        Map<String, Object> connection = properties("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_CLIENT_SASL_USERNAME", "$Connection\"String", "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", passwordFile().toString()).connection();
        assertThat(connection)
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$Connection\\\"String\";");
    }

    @Test
    void passwordNeverAppearsInTheProperties() throws IOException {
        Map<String, Object> connection = properties("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", passwordFile().toString()).connection();
        assertThat(connection.toString()).doesNotContain("p4ssw0rd-value");
    }

    @Test
    void oauthbearerUsesKafkasLoginHandlerWithTheReloadingRetrieverAndSeldonExtensions() throws IOException {
        Path secret = oauthSecret();
        Map<String, Object> connection = properties("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "OAUTHBEARER",
                "KAFKA_CLIENT_OAUTH_SECRET_LOCATION", secret.toString()).connection();
        assertThat(connection).containsExactly(
                Map.entry("bootstrap.servers", "broker:9092"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("ssl.endpoint.identification.algorithm", "https"),
                Map.entry("sasl.mechanism", "OAUTHBEARER"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                        + " seldonSecretLocation=\"" + secret + "\" extension_logicalCluster=\"lkc-1\" extension_identityPoolId=\"pool-2\";"),
                Map.entry("sasl.login.callback.handler.class", OAuthBearerLoginCallbackHandler.class),
                Map.entry("sasl.oauthbearer.jwt.retriever.class", OAuthSecretJwtRetriever.class),
                Map.entry("sasl.oauthbearer.token.endpoint.url", "https://idp.example.com/token"),
                Map.entry("sasl.oauthbearer.client.credentials.client.id", "seldon-client"),
                Map.entry("sasl.oauthbearer.scope", "kafka"));
        assertThat(connection.toString()).doesNotContain("client-secret-value");
    }

    @Test
    void oauthTokenEndpointIsAddedToKafkasAllowedUrls() throws IOException {
        String before = System.getProperty(OAuthAllowedUrls.PROPERTY);
        try {
            System.setProperty(OAuthAllowedUrls.PROPERTY, "https://other.example.com/jwks");
            properties("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "OAUTHBEARER",
                    "KAFKA_CLIENT_OAUTH_SECRET_LOCATION", oauthSecret().toString()).connection();
            assertThat(System.getProperty(OAuthAllowedUrls.PROPERTY))
                    .isEqualTo("https://other.example.com/jwks,https://idp.example.com/token");
        } finally {
            if (before == null) {
                System.clearProperty(OAuthAllowedUrls.PROPERTY);
            } else {
                System.setProperty(OAuthAllowedUrls.PROPERTY, before);
            }
        }
    }

    @Test
    void allFourClientTypesShareTheSameConnection() throws IOException {
        KafkaClientProperties properties = properties("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", passwordFile().toString());
        Map<String, Object> connection = properties.connection();
        assertThat(properties.consumer(Map.of())).containsAllEntriesOf(connection);
        assertThat(properties.producer(Map.of())).containsAllEntriesOf(connection);
        assertThat(properties.admin(Map.of())).containsAllEntriesOf(connection);
        assertThat(properties.streams("pipelines", Map.of())).containsAllEntriesOf(connection);
    }

    @Test
    void consumerGetsSeldonDefaultsAndTheMessageSizeLimit() {
        assertThat(properties("KAFKA_MESSAGE_MAX_BYTES", "8388608").consumer(Map.of()))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2000)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8388608)
                .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8388608);
    }

    @Test
    void producerGetsSeldonLingerAndTheMessageSizeLimit() {
        assertThat(properties("KAFKA_MESSAGE_MAX_BYTES", "8388608").producer(Map.of()))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8388608);
    }

    @Test
    void adminGetsNoConsumerOrProducerSettings() {
        assertThat(properties().admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "topics")))
                .containsExactly(
                        Map.entry("bootstrap.servers", "broker:9092"),
                        Map.entry("security.protocol", "PLAINTEXT"),
                        Map.entry("client.id", "topics"));
    }

    @Test
    void callerOverridesBeatDefaultsAndPassthroughBeatsCallerOverrides() {
        KafkaClientProperties properties = properties(
                "kafka.client.id", "from-env",
                "KAFKA_CONSUMER_MAX_POLL_RECORDS", "7",
                "kafka.producer.linger.ms", "20");
        assertThat(properties.consumer(Map.of("client.id", "from-code", "max.poll.records", 500, "auto.offset.reset", "latest")))
                .containsEntry("client.id", "from-env")
                .containsEntry("max.poll.records", "7")
                .containsEntry("auto.offset.reset", "latest");
        assertThat(properties.producer(Map.of()))
                .containsEntry("linger.ms", "20")
                .containsEntry("client.id", "from-env");
    }

    @Test
    void perClientPassthroughBeatsAllClientsPassthrough() {
        assertThat(properties("kafka.request.timeout.ms", "1000", "kafka.admin.request.timeout.ms", "2000").admin(Map.of()))
                .containsEntry("request.timeout.ms", "2000");
    }

    @Test
    void streamsGetsPrefixedApplicationIdAndPrefixedClientSettings() {
        Map<String, Object> streams = properties(
                "SELDON_CONSUMER_GROUP_ID_PREFIX", "team-a",
                "KAFKA_MESSAGE_MAX_BYTES", "1048576",
                "KAFKA_CONSUMER_MAX_POLL_RECORDS", "10",
                "kafka.producer.compression.type", "zstd",
                "kafka.admin.retries", "3",
                "KAFKA_STREAMS_NUM_STREAM_THREADS", "2").streams("pipeline-gateway", Map.of());
        assertThat(streams)
                .containsEntry("application.id", "team-a-pipeline-gateway")
                .containsEntry("consumer.session.timeout.ms", 6000)
                .containsEntry("consumer.auto.offset.reset", "earliest")
                .containsEntry("consumer.max.partition.fetch.bytes", 1048576)
                .containsEntry("consumer.max.poll.records", "10")
                .containsEntry("producer.linger.ms", 0)
                .containsEntry("producer.max.request.size", 1048576)
                .containsEntry("producer.compression.type", "zstd")
                .containsEntry("admin.retries", "3")
                .containsEntry("num.stream.threads", "2");
    }
}
