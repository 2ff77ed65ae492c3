package io.seldonmesh.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeldonKafkaSettingsTest {

    @TempDir
    Path dir;

    private static SeldonKafkaSettings settings(String... keyValues) {
        return TestEnvironment.settings(keyValues);
    }

    private static void rejected(String message, String... keyValues) {
        assertThatThrownBy(() -> settings(keyValues))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage(message);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void bootstrapServersAreRequired() {
        assertThatThrownBy(() -> SeldonKafkaSettings.fromEnvironment(Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("KAFKA_BOOTSTRAP_SERVERS is required: a comma-separated list of host:port (e.g. seldon-kafka-bootstrap.seldon-mesh:9092)");
    }

    @Test
    void bootstrapServersAreTrimmedHostPortPairs() {
        assertThat(settings("KAFKA_BOOTSTRAP_SERVERS", " b-1.msk:9096 , b-2.msk:9096,[::1]:9092").bootstrapServers())
                .isEqualTo("b-1.msk:9096,b-2.msk:9096,[::1]:9092");
    }

    @Test
    void bootstrapServerWithoutPortIsRejectedNamingTheEntry() {
        rejected("KAFKA_BOOTSTRAP_SERVERS=b-1.msk:9096,b-2.msk is not a comma-separated list of host:port "
                        + "(e.g. seldon-kafka-bootstrap.seldon-mesh:9092): 'b-2.msk' is not host:port",
                "KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9096,b-2.msk");
    }

    @Test
    void bootstrapServerWithPortOutOfRangeIsRejected() {
        rejected("KAFKA_BOOTSTRAP_SERVERS=broker:70000 is not a comma-separated list of host:port "
                + "(e.g. seldon-kafka-bootstrap.seldon-mesh:9092): 'broker:70000' is not host:port", "KAFKA_BOOTSTRAP_SERVERS", "broker:70000");
    }

    @Test
    void topicPrefixDefaultsToSeldon() {
        assertThat(settings().topicPrefix()).isEqualTo("seldon");
    }

    @Test
    void topicPrefixAcceptsTopicCharacters() {
        assertThat(settings("SELDON_TOPIC_PREFIX", "team-a.seldon_v2").topicPrefix()).isEqualTo("team-a.seldon_v2");
    }

    @Test
    void topicPrefixWithIllegalCharacterIsRejected() {
        rejected("SELDON_TOPIC_PREFIX=team/a is not a topic name part: letters, digits, '.', '_' or '-' (e.g. seldon)",
                "SELDON_TOPIC_PREFIX", "team/a");
    }

    @Test
    void blankTopicPrefixMeansTheDefault() {
        assertThat(settings("SELDON_TOPIC_PREFIX", "  ").topicPrefix()).isEqualTo("seldon");
    }

    @Test
    void namespaceDefaultsToDefault() {
        assertThat(settings().namespace()).isEqualTo("default");
    }

    @Test
    void namespaceAcceptsKubernetesNames() {
        assertThat(settings("SELDON_NAMESPACE", "seldon-mesh").namespace()).isEqualTo("seldon-mesh");
    }

    @Test
    void namespaceThatKubernetesWouldRefuseIsRejected() {
        rejected("SELDON_NAMESPACE=Seldon_Mesh is not a Kubernetes namespace name: lower-case letters, digits and '-', at most 63 characters",
                "SELDON_NAMESPACE", "Seldon_Mesh");
    }

    @Test
    void consumerGroupIdPrefixDefaultsToNoneAndGroupIdsAreBare() {
        SeldonKafkaSettings settings = settings();
        assertThat(settings.consumerGroupIdPrefix()).isEmpty();
        assertThat(settings.consumerGroupId("model-gateway")).isEqualTo("model-gateway");
    }

    @Test
    void consumerGroupIdPrefixGoesInFrontOfGroupIds() {
        assertThat(settings("SELDON_CONSUMER_GROUP_ID_PREFIX", "team-a").consumerGroupId("model-gateway"))
                .isEqualTo("team-a-model-gateway");
    }

    @Test
    void consumerGroupIdPrefixWithSpaceIsRejected() {
        rejected("SELDON_CONSUMER_GROUP_ID_PREFIX=team a is not letters, digits, '.', '_' or '-' (so prefixed ACLs can match it)",
                "SELDON_CONSUMER_GROUP_ID_PREFIX", "team a");
    }

    @Test
    void replicationFactorDefaultsToSeldonsOne() {
        assertThat(settings().topicReplicationFactor()).isEqualTo(1);
    }

    @Test
    void replicationFactorIsRead() {
        assertThat(settings("KAFKA_TOPICS_REPLICATION_FACTOR", "3").topicReplicationFactor()).isEqualTo(3);
    }

    @Test
    void replicationFactorOfZeroIsRejected() {
        rejected("KAFKA_TOPICS_REPLICATION_FACTOR=0 is not a whole number >= 1 (at most 2147483647)",
                "KAFKA_TOPICS_REPLICATION_FACTOR", "0");
    }

    @Test
    void replicationFactorBeyondKafkasShortIsRejected() {
        rejected("KAFKA_TOPICS_REPLICATION_FACTOR=40000 is not a replication factor Kafka accepts (at most 32767)",
                "KAFKA_TOPICS_REPLICATION_FACTOR", "40000");
    }

    @Test
    void partitionsDefaultToSeldonsOne() {
        assertThat(settings().topicPartitions()).isEqualTo(1);
    }

    @Test
    void partitionsAreRead() {
        assertThat(settings("KAFKA_TOPICS_NUM_PARTITIONS", "12").topicPartitions()).isEqualTo(12);
    }

    @Test
    void partitionsThatAreNotANumberAreRejected() {
        rejected("KAFKA_TOPICS_NUM_PARTITIONS=four is not a whole number >= 1 (at most 2147483647)",
                "KAFKA_TOPICS_NUM_PARTITIONS", "four");
    }

    @Test
    void messageMaxBytesDefaultsToSeldonsOneBillion() {
        assertThat(settings().messageMaxBytes()).isEqualTo(1_000_000_000);
    }

    @Test
    void messageMaxBytesIsRead() {
        assertThat(settings("KAFKA_MESSAGE_MAX_BYTES", "8388608").messageMaxBytes()).isEqualTo(8_388_608);
    }

    @Test
    void messageMaxBytesBeyondAnIntIsRejected() {
        rejected("KAFKA_MESSAGE_MAX_BYTES=3000000000 is not a whole number >= 1 (at most 2147483647)",
                "KAFKA_MESSAGE_MAX_BYTES", "3000000000");
    }

    @Test
    void securityProtocolDefaultsToPlaintextWithNoSecurityParts() {
        SeldonKafkaSettings settings = settings();
        assertThat(settings.securityProtocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
        assertThat(settings.saslMechanism()).isEmpty();
        assertThat(settings.tls()).isEmpty();
        assertThat(settings.passwordCredentials()).isEmpty();
        assertThat(settings.oauthSecret()).isEmpty();
    }

    @Test
    void unknownSecurityProtocolIsRejectedListingTheChoices() {
        rejected("KAFKA_SECURITY_PROTOCOL=TLS is not one of PLAINTEXT, SSL, SASL_SSL, SASL_PLAINTEXT", "KAFKA_SECURITY_PROTOCOL", "TLS");
    }

    @Test
    void securityProtocolIsCaseSensitiveLikeSeldons() {
        rejected("KAFKA_SECURITY_PROTOCOL=sasl_ssl is not one of PLAINTEXT, SSL, SASL_SSL, SASL_PLAINTEXT", "KAFKA_SECURITY_PROTOCOL", "sasl_ssl");
    }

    @Test
    void unknownMechanismIsRejectedNamingTheVariable() {
        rejected("KAFKA_SASL_MECHANISM=SCRAM-SHA-1024 is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-1024");
    }

    @Test
    void mechanismIsCheckedEvenWhenTheProtocolDoesNotUseIt() {
        rejected("KAFKA_SASL_MECHANISM=GSSAPI is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER",
                "KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SASL_MECHANISM", "GSSAPI");
    }

    @Test
    void mechanismDefaultsToSeldonsScramSha512() throws IOException {
        Path password = file("password", "secret");
        SeldonKafkaSettings settings = settings("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", password.toString());
        assertThat(settings.saslMechanism()).contains(SaslMechanism.SCRAM_SHA_512);
    }

    @Test
    void usernameDefaultsToSeldonsSeldon() throws IOException {
        Path password = file("password", "secret");
        SeldonKafkaSettings settings = settings("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", password.toString());
        assertThat(settings.passwordCredentials()).contains(new PasswordCredentials("seldon", password));
    }

    @Test
    void usernameIsRead() throws IOException {
        Path password = file("password", "secret");
        SeldonKafkaSettings settings = settings("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_CLIENT_SASL_USERNAME", "$ConnectionString", "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", password.toString());
        assertThat(settings.passwordCredentials().orElseThrow().username()).isEqualTo("$ConnectionString");
    }

    @Test
    void passwordLocationIsRequiredForScram() {
        rejected("KAFKA_CLIENT_SASL_PASSWORD_LOCATION is required when KAFKA_SECURITY_PROTOCOL=SASL_SSL and KAFKA_SASL_MECHANISM=SCRAM-SHA-512",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    }

    @Test
    void passwordFileThatDoesNotExistIsRejectedNamingThePath() {
        Path missing = dir.resolve("nope");
        rejected("KAFKA_CLIENT_SASL_PASSWORD_LOCATION=" + missing + " does not exist: mount the secret there or correct the path",
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", missing.toString());
    }

    @Test
    void emptyPasswordFileIsRejectedNamingThePath() throws IOException {
        Path empty = file("password", "");
        rejected("KAFKA_CLIENT_SASL_PASSWORD_LOCATION=" + empty + " is empty: the secret key it comes from has no value",
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", empty.toString());
    }

    @Test
    void passwordLocationThatIsADirectoryIsRejected() {
        rejected("KAFKA_CLIENT_SASL_PASSWORD_LOCATION=" + dir + " is not a regular file",
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", dir.toString());
    }

    @Test
    void passwordIsNotNeededWithoutSasl() {
        SeldonKafkaSettings settings = settings("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", "/not/mounted");
        assertThat(settings.passwordCredentials()).isEmpty();
        assertThat(settings.saslMechanism()).isEmpty();
    }

    @Test
    void oauthSecretLocationIsRequiredForOauthbearer() {
        rejected("KAFKA_CLIENT_OAUTH_SECRET_LOCATION is required when KAFKA_SECURITY_PROTOCOL=SASL_SSL and KAFKA_SASL_MECHANISM=OAUTHBEARER",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "OAUTHBEARER");
    }

    @Test
    void oauthSecretIsReadForOauthbearer() throws IOException {
        Path secret = OAuthSecretTest.secretDirectory(dir, Map.of());
        SeldonKafkaSettings settings = settings("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "OAUTHBEARER",
                "KAFKA_CLIENT_OAUTH_SECRET_LOCATION", secret.toString());
        assertThat(settings.oauthSecret().orElseThrow().clientId()).isEqualTo("seldon-client");
        assertThat(settings.passwordCredentials()).isEmpty();
    }

    @Test
    void sslWithoutFilesUsesTheJvmDefaults() {
        TlsSettings tls = settings("KAFKA_SECURITY_PROTOCOL", "SSL").tls().orElseThrow();
        assertThat(tls.hasFiles()).isFalse();
        assertThat(tls.mutual()).isFalse();
        assertThat(tls.endpointIdentificationAlgorithm()).isEqualTo("https");
    }

    @Test
    void endpointIdentificationNoneTurnsTheCheckOff() {
        assertThat(settings("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM", "none")
                .tls().orElseThrow().endpointIdentificationAlgorithm()).isEmpty();
    }

    @Test
    void unknownEndpointIdentificationIsRejected() {
        rejected("KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM=HTTPS is not one of https, none",
                "KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM", "HTTPS");
    }

    @Test
    void tlsFilesAreIgnoredWithoutTls() {
        SeldonKafkaSettings settings = settings("KAFKA_CLIENT_TLS_KEY_LOCATION", "/not/mounted/tls.key");
        assertThat(settings.tls()).isEmpty();
    }

    @Test
    void keyWithoutCertificateIsRejectedNamingBoth() {
        rejected("KAFKA_CLIENT_TLS_CRT_LOCATION is required when KAFKA_CLIENT_TLS_KEY_LOCATION is set (KAFKA_SECURITY_PROTOCOL=SSL): "
                        + "mutual TLS needs both the key and the certificate",
                "KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_CLIENT_TLS_KEY_LOCATION", "/tls/tls.key");
    }

    @Test
    void preferIpv4DefaultsToFalse() {
        assertThat(settings().preferIpv4()).isFalse();
    }

    @Test
    void preferIpv4IsRead() {
        assertThat(settings("KAFKA_PREFER_IPV4", "TRUE").preferIpv4()).isTrue();
    }

    @Test
    void preferIpv4ThatIsNotABooleanIsRejected() {
        rejected("KAFKA_PREFER_IPV4=yes is not true or false", "KAFKA_PREFER_IPV4", "yes");
    }

    @Test
    void jvmNetworkSettingsPreferIpv4WhenAsked() {
        String before = System.getProperty("java.net.preferIPv4Stack");
        try {
            System.clearProperty("java.net.preferIPv4Stack");
            SeldonKafkaSettings.applyJvmNetworkSettings(Map.of("KAFKA_PREFER_IPV4", "false"));
            assertThat(System.getProperty("java.net.preferIPv4Stack")).isNull();
            SeldonKafkaSettings.applyJvmNetworkSettings(Map.of("KAFKA_PREFER_IPV4", "true"));
            assertThat(System.getProperty("java.net.preferIPv4Stack")).isEqualTo("true");
        } finally {
            if (before == null) {
                System.clearProperty("java.net.preferIPv4Stack");
            } else {
                System.setProperty("java.net.preferIPv4Stack", before);
            }
        }
    }

    @Test
    void descriptionNamesPassthroughPropertiesButNotTheirValues() {
        assertThat(settings("kafka.producer.ssl.key.password", "hunter2").toString())
                .contains("producer=[ssl.key.password]").doesNotContain("hunter2");
    }

    @Test
    void descriptionNamesNoSecret() throws IOException {
        Path secret = OAuthSecretTest.secretDirectory(dir, Map.of());
        SeldonKafkaSettings settings = settings("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "OAUTHBEARER",
                "KAFKA_CLIENT_OAUTH_SECRET_LOCATION", secret.toString());
        assertThat(settings.toString()).contains("clientId=seldon-client").doesNotContain(OAuthSecretTest.CLIENT_SECRET);
    }
}
