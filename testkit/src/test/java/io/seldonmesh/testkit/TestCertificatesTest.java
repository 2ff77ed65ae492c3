package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    @TempDir
    static Path directory;
    private static TestCertificates certificates;

    @BeforeAll
    static void create() {
        certificates = TestCertificates.create(directory);
    }

    @Test
    void brokerCertificateNamesLoopbackAndIsSignedByTheCa() throws Exception {
        X509Certificate broker = read(certificates.brokerCertificate());

        broker.verify(read(certificates.caCertificate()).getPublicKey());
        assertThat(broker.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()))
                .containsExactlyInAnyOrder("127.0.0.1", "localhost");
        assertThat(Files.readString(certificates.brokerKeyStore()))
                .startsWith("-----BEGIN PRIVATE KEY-----").contains("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void renewingAClientCertificateWritesANewKeyAndSerialOverTheSamePaths() throws Exception {
        ClientCertificate first = certificates.issueClient("svc");
        X509Certificate before = read(first.certificate());
        String keyBefore = Files.readString(first.privateKey());

        ClientCertificate renewed = certificates.issueClient("svc");

        assertThat(renewed).isEqualTo(first);
        X509Certificate after = read(renewed.certificate());
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getSubjectX500Principal().getName()).isEqualTo("CN=svc");
        assertThat(Files.readString(renewed.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----").isNotEqualTo(keyBefore);
    }

    @Test
    void renewingAServerCertificateKeepsItsPathsAndLoopbackNamesWithANewSerial() throws Exception {
        ServerCertificate first = certificates.issueServer("gateway");
        X509Certificate before = read(first.certificate());

        ServerCertificate renewed = certificates.issueServer("gateway");

        assertThat(renewed).isEqualTo(first);
        X509Certificate after = read(renewed.certificate());
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        after.verify(read(certificates.caCertificate()).getPublicKey());
        assertThat(after.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()))
                .containsExactlyInAnyOrder("127.0.0.1", "localhost");
        assertThat(Files.readString(renewed.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void untrustedClientCertificateDoesNotVerifyAgainstTheCa() throws Exception {
        X509Certificate untrusted = read(certificates.issueUntrustedClient("intruder").certificate());

        assertThatThrownBy(() -> untrusted.verify(read(certificates.caCertificate()).getPublicKey()))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void commonNamesThatCannotBeFileNamesAreRefused() {
        assertThatThrownBy(() -> certificates.issueClient("../etc"))
                .hasMessageContaining("[A-Za-z0-9._-]+");
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            List<? extends Certificate> chain =
                    List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            return (X509Certificate) chain.get(0);
        }
    }
}
