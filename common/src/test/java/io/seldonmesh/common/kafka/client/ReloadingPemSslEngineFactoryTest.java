package io.seldonmesh.common.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.testkit.CapturedLog;
import io.seldonmesh.testkit.ClientCertificate;
import io.seldonmesh.testkit.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingPemSslEngineFactoryTest {

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    private static TestCertificates certificates;
    private MountedSecret secret;

    @BeforeAll
    static void issueCertificates() {
        certificates = TestCertificates.create(pki);
    }

    @BeforeEach
    void mountClientSecret() throws IOException {
        secret = MountedSecret.create(dir.resolve("kafka-client-tls"), keys(certificates.issueClient("client")));
    }

    private static Map<String, byte[]> keys(ClientCertificate client) throws IOException {
        return Map.of(
                "tls.key", Files.readAllBytes(client.privateKey()),
                "tls.crt", Files.readAllBytes(client.certificate()),
                "ca.crt", Files.readAllBytes(client.caCertificate()));
    }

    private ReloadingPemSslEngineFactory factory() {
        ReloadingPemSslEngineFactory factory = new ReloadingPemSslEngineFactory();
        factory.configure(Map.of(
                ReloadingPemSslEngineFactory.KEY_LOCATION, secret.path("tls.key").toString(),
                ReloadingPemSslEngineFactory.CERTIFICATE_LOCATION, secret.path("tls.crt").toString(),
                ReloadingPemSslEngineFactory.CLIENT_CA_LOCATION, secret.path("ca.crt").toString(),
                ReloadingPemSslEngineFactory.BROKER_CA_LOCATION, certificates.caCertificate().toString()));
        return factory;
    }

    private static X509Certificate leaf(ReloadingPemSslEngineFactory factory) throws KeyStoreException {
        return (X509Certificate) factory.keystore().getCertificateChain("client")[0];
    }

    @Test
    void clientEngineUsesTheMountedIdentityAndChecksTheBrokerName() throws KeyStoreException {
        ReloadingPemSslEngineFactory factory = factory();
        SSLEngine engine = factory.createClientSslEngine("127.0.0.1", 9093, "https");
        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("https");
        assertThat(factory.keystore().getCertificateChain("client")).hasSize(2);
        assertThat(leaf(factory).getSubjectX500Principal().getName()).isEqualTo("CN=client");
        assertThat(factory.truststore().getCertificate("broker-ca-0")).isEqualTo(
                factory.keystore().getCertificateChain("client")[1]);
    }

    @Test
    void emptyEndpointIdentificationTurnsTheHostCheckOff() {
        assertThat(factory().createClientSslEngine("127.0.0.1", 9093, "").getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
    }

    @Test
    void renewedSecretIsUsedByTheNextEngineAndLoggedWithoutTheKey() throws Exception {
        ReloadingPemSslEngineFactory factory = factory();
        X509Certificate before = leaf(factory);
        try (CapturedLog log = CapturedLog.of(ReloadingPemSslEngineFactory.class)) {
            secret.update(keys(certificates.issueClient("client")));
            factory.createClientSslEngine("127.0.0.1", 9093, "https");
            X509Certificate after = leaf(factory);
            assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
            factory.createClientSslEngine("127.0.0.1", 9093, "https");
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("Picked up new Kafka client TLS material for new connections: client certificate CN=client issued by CN=testkit-ca serial "
                            + after.getSerialNumber().toString(16) + " valid until ")
                    .contains("from KAFKA_CLIENT_TLS_CRT_LOCATION=" + secret.path("tls.crt"))
                    .doesNotContain("PRIVATE KEY"));
        }
    }

    @Test
    void halfWrittenRenewalKeepsThePreviousMaterialUntilKeyAndCertificateMatch() throws Exception {
        ReloadingPemSslEngineFactory factory = factory();
        X509Certificate before = leaf(factory);
        ClientCertificate renewed = certificates.issueClient("client");
        try (CapturedLog log = CapturedLog.of(ReloadingPemSslEngineFactory.class)) {
            Map<String, byte[]> keyOnly = Map.of(
                    "tls.key", Files.readAllBytes(renewed.privateKey()),
                    "tls.crt", Files.readAllBytes(secret.path("tls.crt")),
                    "ca.crt", Files.readAllBytes(secret.path("ca.crt")));
            secret.update(keyOnly);
            factory.createClientSslEngine("127.0.0.1", 9093, "https");
            factory.createClientSslEngine("127.0.0.1", 9093, "https");
            assertThat(leaf(factory)).isEqualTo(before);
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line)
                    .isEqualTo("Keeping the current Kafka client TLS material; the changed files are not usable yet: "
                            + "KAFKA_CLIENT_TLS_KEY_LOCATION=" + secret.path("tls.key") + " is not the key of the certificate in "
                            + "KAFKA_CLIENT_TLS_CRT_LOCATION=" + secret.path("tls.crt") + " (CN=client)"));

            secret.update(keys(renewed));
            factory.createClientSslEngine("127.0.0.1", 9093, "https");
            assertThat(leaf(factory).getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        }
    }

    @Test
    void unusableFilesAtStartAreAConfigurationErrorNamingTheFile() throws IOException {
        secret.update(Map.of("tls.key", "garbage".getBytes(), "tls.crt", Files.readAllBytes(certificates.client().certificate()),
                "ca.crt", Files.readAllBytes(certificates.caCertificate())));
        assertThatThrownBy(this::factory)
                .isInstanceOf(ConfigException.class)
                .hasMessage("Kafka client TLS cannot start: KAFKA_CLIENT_TLS_KEY_LOCATION=" + secret.path("tls.key")
                        + " is not a usable PEM file: it holds no PRIVATE KEY block");
    }

    @Test
    void brokersCannotUseTheClientFactory() {
        assertThatThrownBy(() -> factory().createServerSslEngine("127.0.0.1", 9093))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
