package io.seldonmesh.common.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaErrorExplainerTest {

    @TempDir
    Path dir;

    private Path password;

    @BeforeEach
    void passwordFile() throws IOException {
        password = Files.writeString(dir.resolve("password"), "p4ssw0rd-value");
    }

    private static KafkaErrorExplainer explainer(String... keyValues) {
        return new KafkaErrorExplainer(SeldonKafkaSettings.fromEnvironment(
                TestEnvironment.with(TestEnvironment.of(keyValues), "KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9096")));
    }

    private KafkaErrorExplainer scram() {
        return explainer("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_CLIENT_SASL_USERNAME", "alice", "KAFKA_CLIENT_SASL_PASSWORD_LOCATION", password.toString(),
                "SELDON_NAMESPACE", "seldon-mesh");
    }

    @Test
    void deniedProduceNamesPrincipalTopicOperationAndTheGrant() {
        TopicAuthorizationException denied = new TopicAuthorizationException(Set.of("seldon.seldon-mesh.model.iris.inputs"));
        assertThat(scram().explain(new ExecutionException(denied), AclOperation.WRITE)).isEqualTo(
                "Kafka denied WRITE on topic seldon.seldon-mesh.model.iris.inputs to User:alice (KAFKA_SECURITY_PROTOCOL=SASL_SSL, "
                        + "KAFKA_SASL_MECHANISM=SCRAM-SHA-512). Grant it with: kafka-acls.sh --bootstrap-server b-1.msk:9096 "
                        + "--command-config admin.properties --add --allow-principal User:alice --operation Write "
                        + "--topic seldon.seldon-mesh.model.iris.inputs; or for every Seldon topic of this namespace: "
                        + "--resource-pattern-type prefixed --topic seldon.seldon-mesh.");
    }

    @Test
    void deniedGroupNamesTheGroupAndReadOperation() {
        assertThat(scram().explain(new GroupAuthorizationException("denied", "model-gateway"), AclOperation.READ)).isEqualTo(
                "Kafka denied READ on group model-gateway to User:alice (KAFKA_SECURITY_PROTOCOL=SASL_SSL, KAFKA_SASL_MECHANISM=SCRAM-SHA-512). "
                        + "Grant it with: kafka-acls.sh --bootstrap-server b-1.msk:9096 --command-config admin.properties --add "
                        + "--allow-principal User:alice --operation Read --group model-gateway");
    }

    @Test
    void deniedClusterOperationNamesTheCluster() {
        assertThat(scram().explain(new ClusterAuthorizationException("denied"), AclOperation.DESCRIBE_CONFIGS)).isEqualTo(
                "Kafka denied DESCRIBE_CONFIGS on cluster kafka-cluster to User:alice (KAFKA_SECURITY_PROTOCOL=SASL_SSL, "
                        + "KAFKA_SASL_MECHANISM=SCRAM-SHA-512). Grant it with: kafka-acls.sh --bootstrap-server b-1.msk:9096 "
                        + "--command-config admin.properties --add --allow-principal User:alice --operation DescribeConfigs --cluster");
    }

    @Test
    void producerRefusedOnTheClusterNeedsIdempotentWrite() {
        assertThat(scram().explain(new ClusterAuthorizationException("denied"), AclOperation.WRITE)).endsWith(
                "--allow-principal User:alice --operation IdempotentWrite --cluster");
    }

    @Test
    void rejectedScramLoginNamesUserFileAndTheCheck() {
        String explanation = scram().explain(new KafkaException(new SaslAuthenticationException("Authentication failed during "
                + "authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512")), AclOperation.WRITE);
        assertThat(explanation)
                .startsWith("Kafka rejected the SCRAM-SHA-512 login of user alice (KAFKA_CLIENT_SASL_USERNAME) with the password in "
                        + "KAFKA_CLIENT_SASL_PASSWORD_LOCATION=" + password + " (modified ")
                .contains("check that the user exists for SCRAM-SHA-512 (kafka-configs.sh --bootstrap-server b-1.msk:9096 --describe "
                        + "--entity-type users --entity-name alice) and that the mounted secret holds its current password")
                .endsWith("(Kafka said: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512)")
                .doesNotContain("p4ssw0rd-value");
    }

    @Test
    void mechanismTheListenerDoesNotEnableIsNamed() {
        assertThat(scram().explain(new UnsupportedSaslMechanismException("Client SASL mechanism 'SCRAM-SHA-512' not enabled in the "
                + "server, enabled mechanisms are [PLAIN]"), AclOperation.WRITE)).isEqualTo(
                "Kafka's listener at b-1.msk:9096 does not enable SASL mechanism SCRAM-SHA-512: set KAFKA_SASL_MECHANISM to one it "
                        + "enables (Kafka said: Client SASL mechanism 'SCRAM-SHA-512' not enabled in the server, enabled mechanisms are [PLAIN])");
    }

    @Test
    void untrustedBrokerCertificatePointsAtTheBrokerCaVariable() {
        SslAuthenticationException failure = new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("PKIX path building failed: unable to find valid certification path to requested target"));
        assertThat(explainer("KAFKA_SECURITY_PROTOCOL", "SSL").explain(failure, AclOperation.WRITE)).isEqualTo(
                "TLS to b-1.msk:9096 failed: the broker's certificate is not issued by a CA the JVM trusts by default "
                        + "(KAFKA_BROKER_TLS_CA_LOCATION is not set): mount the CA that issued the broker certificate there "
                        + "(Java said: PKIX path building failed: unable to find valid certification path to requested target)");
    }

    @Test
    void hostNameMismatchOffersTheEndpointIdentificationSwitch() {
        SslAuthenticationException failure = new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("No subject alternative DNS name matching b-1.msk found."));
        assertThat(explainer("KAFKA_SECURITY_PROTOCOL", "SSL").explain(failure, AclOperation.WRITE)).isEqualTo(
                "TLS to b-1.msk:9096 failed: the broker's certificate does not name the host the client connected to: connect with a "
                        + "name the certificate lists, or set KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM=none "
                        + "(Java said: No subject alternative DNS name matching b-1.msk found.)");
    }

    @Test
    void handshakeRefusedWithoutClientCertificateSuggestsMutualTls() {
        SslAuthenticationException failure = new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("Received fatal alert: certificate_required"));
        assertThat(explainer("KAFKA_SECURITY_PROTOCOL", "SSL").explain(failure, AclOperation.READ)).isEqualTo(
                "TLS to b-1.msk:9096 failed and this client presents no certificate; if the broker requires mutual TLS, set "
                        + "KAFKA_CLIENT_TLS_KEY_LOCATION and KAFKA_CLIENT_TLS_CRT_LOCATION (Java said: Received fatal alert: certificate_required)");
    }

    @Test
    void principalWithoutAuthenticationIsAnonymous() {
        assertThat(explainer().principal()).isEqualTo("User:ANONYMOUS");
    }

    @Test
    void otherFailuresKeepKafkasWording() {
        assertThat(scram().explain(new KafkaException("Failed to construct kafka producer"), AclOperation.WRITE))
                .isEqualTo("KafkaException: Failed to construct kafka producer");
    }
}
