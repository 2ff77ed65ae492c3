package io.seldonmesh.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.testkit.ClientCertificate;
import io.seldonmesh.testkit.TestCertificates;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {

    @TempDir
    static Path certificatesDirectory;

    @TempDir
    Path dir;

    private static TestCertificates certificates;
    private static ClientCertificate client;

    @BeforeAll
    static void issueCertificates() {
        certificates = TestCertificates.create(certificatesDirectory);
        client = certificates.client();
    }

    private static SeldonKafkaSettings settings(String... keyValues) {
        return SeldonKafkaSettings.fromEnvironment(TestEnvironment.with(TestEnvironment.of("KAFKA_SECURITY_PROTOCOL", "SSL"), keyValues));
    }

    private static void rejected(String message, String... keyValues) {
        assertThatThrownBy(() -> settings(keyValues)).isInstanceOf(InvalidSettingException.class).hasMessage(message);
    }

    @Test
    void mutualTlsFilesAreReadAsSeldonMountsThem() {
        TlsSettings tls = settings(
                "KAFKA_CLIENT_TLS_KEY_LOCATION", client.privateKey().toString(),
                "KAFKA_CLIENT_TLS_CRT_LOCATION", client.certificate().toString(),
                "KAFKA_CLIENT_TLS_CA_LOCATION", client.caCertificate().toString(),
                "KAFKA_BROKER_TLS_CA_LOCATION", certificates.caCertificate().toString()).tls().orElseThrow();
        assertThat(tls).isEqualTo(new TlsSettings(Optional.of(client.privateKey()), Optional.of(client.certificate()),
                Optional.of(client.caCertificate()), Optional.of(certificates.caCertificate()), "https"));
        assertThat(tls.mutual()).isTrue();
        assertThat(tls.hasFiles()).isTrue();
    }

    @Test
    void brokerCaAloneIsServerVerificationOnly() {
        TlsSettings tls = settings("KAFKA_BROKER_TLS_CA_LOCATION", certificates.caCertificate().toString()).tls().orElseThrow();
        assertThat(tls.mutual()).isFalse();
        assertThat(tls.hasFiles()).isTrue();
    }

    @Test
    void clientCaWithoutAClientCertificateIsIgnored() {
        assertThat(settings("KAFKA_CLIENT_TLS_CA_LOCATION", "/not/mounted/ca.crt").tls().orElseThrow().clientCa()).isEmpty();
    }

    @Test
    void pkcs1KeyAsCertManagerWritesItIsAccepted() throws IOException {
        PrivateKey key = PemFile.privateKey("key", client.privateKey().toString(), Files.readAllBytes(client.privateKey()));
        var certificate = PemFile.certificates("crt", client.certificate().toString(), Files.readAllBytes(client.certificate())).get(0);
        StringWriter pkcs1 = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pkcs1)) {
            writer.writeObject(new KeyPair(certificate.getPublicKey(), key));
        }
        assertThat(pkcs1.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Path keyFile = Files.writeString(dir.resolve("tls.key"), pkcs1.toString());
        assertThat(settings("KAFKA_CLIENT_TLS_KEY_LOCATION", keyFile.toString(),
                "KAFKA_CLIENT_TLS_CRT_LOCATION", client.certificate().toString()).tls().orElseThrow().mutual()).isTrue();
    }

    @Test
    void certificateFileThatIsNotPemIsRejectedNamingTheFile() throws IOException {
        Path garbage = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> settings("KAFKA_CLIENT_TLS_KEY_LOCATION", client.privateKey().toString(),
                "KAFKA_CLIENT_TLS_CRT_LOCATION", garbage.toString()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("KAFKA_CLIENT_TLS_CRT_LOCATION=" + garbage + " is not a usable PEM file: it is not valid PEM (");
    }

    @Test
    void keyFileHoldingACertificateIsRejectedNamingTheFile() {
        rejected("KAFKA_CLIENT_TLS_KEY_LOCATION=" + client.certificate() + " is not a usable PEM file: it holds no PRIVATE KEY block",
                "KAFKA_CLIENT_TLS_KEY_LOCATION", client.certificate().toString(),
                "KAFKA_CLIENT_TLS_CRT_LOCATION", client.certificate().toString());
    }

    @Test
    void caFileWithoutCertificatesIsRejectedNamingTheFile() throws IOException {
        Path text = Files.writeString(dir.resolve("ca.crt"), "this is not a certificate\n");
        rejected("KAFKA_BROKER_TLS_CA_LOCATION=" + text + " is not a usable PEM file: it holds no CERTIFICATE block",
                "KAFKA_BROKER_TLS_CA_LOCATION", text.toString());
    }

    @Test
    void missingCaFileIsRejectedNamingThePath() {
        Path missing = dir.resolve("ca.crt");
        rejected("KAFKA_BROKER_TLS_CA_LOCATION=" + missing + " does not exist: mount the secret there or correct the path",
                "KAFKA_BROKER_TLS_CA_LOCATION", missing.toString());
    }

    @Test
    void keyOfAnotherCertificateIsRejectedNamingBothFiles() {
        ClientCertificate other = certificates.issueClient("other");
        rejected("KAFKA_CLIENT_TLS_KEY_LOCATION=" + other.privateKey() + " is not the key of the certificate in KAFKA_CLIENT_TLS_CRT_LOCATION="
                        + client.certificate() + " (CN=client): mount the tls.key and tls.crt of the same secret",
                "KAFKA_CLIENT_TLS_KEY_LOCATION", other.privateKey().toString(),
                "KAFKA_CLIENT_TLS_CRT_LOCATION", client.certificate().toString());
    }
}
