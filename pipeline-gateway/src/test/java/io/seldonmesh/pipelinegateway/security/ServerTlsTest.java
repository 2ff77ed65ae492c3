package io.seldonmesh.pipelinegateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.testkit.ServerCertificate;
import io.seldonmesh.testkit.TestCertificates;
import io.vertx.core.http.ClientAuth;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {

    @TempDir
    static Path directory;
    private static TestCertificates certificates;
    private static ServerCertificate server;

    @BeforeAll
    static void create() {
        certificates = TestCertificates.create(directory);
        server = certificates.issueServer("pipeline-gateway");
    }

    @Test
    void plaintextIsTheDefaultAndReadsNoFile() {
        assertThat(ServerTls.from(Settings.Tls.plaintext())).isEmpty();
    }

    @Test
    void sslServesTheKeyAndCertificateWithoutAskingClientsForOne() {
        ServerTls tls = ServerTls.from(ssl()).orElseThrow();

        assertThat(tls.key()).isEqualTo(server.privateKey());
        assertThat(tls.certificate()).isEqualTo(server.certificate());
        assertThat(tls.clientAuth()).isEqualTo(ClientAuth.NONE);
    }

    @Test
    void aClientCaAsksForClientCertificatesOrRequiresThem() {
        String ca = certificates.caCertificate().toString();

        assertThat(ServerTls.from(ssl().clientCa(ca, "request")).orElseThrow().clientAuth())
                .isEqualTo(ClientAuth.REQUEST);
        assertThat(ServerTls.from(ssl().clientCa(ca, "REQUIRED")).orElseThrow().clientAuth())
                .isEqualTo(ClientAuth.REQUIRED);
    }

    @Test
    void anUnknownProtocolIsRefusedNamingTheVariableAndTheValue() {
        assertThatThrownBy(() -> ServerTls.from(ssl().protocol("TLS")))
                .hasMessage("SELDON_GATEWAY_SECURITY_PROTOCOL='TLS' is not a protocol of the gateway's listeners:"
                        + " use PLAINTEXT or SSL");
    }

    @Test
    void sslWithoutAKeyNamesTheMissingVariable() {
        Settings.Tls noKey = Settings.Tls.plaintext().protocol("SSL").certificate(server.certificate().toString());

        assertThatThrownBy(() -> ServerTls.from(noKey))
                .hasMessageStartingWith("SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION is not set but"
                        + " SELDON_GATEWAY_SECURITY_PROTOCOL is SSL");
    }

    @Test
    void aFileThatIsNotThereNamesTheVariableAndThePath() {
        assertThatThrownBy(() -> ServerTls.from(Settings.Tls.plaintext().ssl("/nowhere/tls.key",
                server.certificate().toString())))
                .hasMessageStartingWith("SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION='/nowhere/tls.key': no readable file");
    }

    @Test
    void certificateFilesWithPlaintextAreRefusedRatherThanSilentlyUnused() {
        assertThatThrownBy(() -> ServerTls.from(ssl().protocol("PLAINTEXT")))
                .hasMessageContaining("SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION='" + server.privateKey() + "' is set but"
                        + " SELDON_GATEWAY_SECURITY_PROTOCOL is PLAINTEXT");
    }

    @Test
    void clientAuthenticationModeMustBeRequestOrRequired() {
        assertThatThrownBy(() -> ServerTls.from(ssl().clientCa(certificates.caCertificate().toString(), "optional")))
                .hasMessageStartingWith("SELDON_GATEWAY_CLIENT_TLS_AUTH='optional' is not a client authentication"
                        + " mode: use request");
    }

    @Test
    void theTlsRegistryEntryServesTheFilesOnTheHttpPortOnly() {
        Map<String, String> properties = TlsRegistryProperties.of(ServerTls.from(ssl().clientCa(
                certificates.caCertificate().toString(), "required")).orElseThrow());

        assertThat(properties)
                .containsEntry("quarkus.tls.seldon-gateway.key-store.pem.server.key", server.privateKey().toString())
                .containsEntry("quarkus.tls.seldon-gateway.key-store.pem.server.cert",
                        server.certificate().toString())
                .containsEntry("quarkus.tls.seldon-gateway.trust-store.pem.certs",
                        certificates.caCertificate().toString())
                .containsEntry("quarkus.tls.seldon-gateway.reload-period", "10000ms")
                .containsEntry("quarkus.http.tls-configuration-name", "seldon-gateway")
                .containsEntry("quarkus.http.ssl-port", "${quarkus.http.port}")
                .containsEntry("quarkus.http.insecure-requests", "disabled");
    }

    private static Settings.Tls ssl() {
        return Settings.Tls.plaintext().ssl(server.privateKey().toString(), server.certificate().toString());
    }
}
