package io.seldonmesh.pipelinegateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seldonmesh.testkit.ClientCertificate;
import io.seldonmesh.testkit.ServerCertificate;
import io.seldonmesh.testkit.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * TLS on every listener with client certificates required, as cert-manager would provide them: a server certificate
 * for 127.0.0.1 (re-read every second), one client certificate per role, one the mapping does not name, and one of a CA
 * the gateway does not trust. The control API has its own port.
 */
public class MtlsTestResource implements QuarkusTestResourceLifecycleManager {

    private static TestCertificates certificates;
    private static ServerCertificate server;
    private static ClientCertificate deployer;
    private static ClientCertificate inferrer;
    private static ClientCertificate stranger;
    private static ClientCertificate untrusted;

    public static TestCertificates certificates() {
        return certificates;
    }

    /** Issues the server certificate again over the same files: a renewal. */
    public static ServerCertificate renewServerCertificate() {
        return certificates.issueServer(server.commonName());
    }

    public static ClientCertificate deployer() {
        return deployer;
    }

    public static ClientCertificate inferrer() {
        return inferrer;
    }

    /** Signed by the trusted CA, and given no role. */
    public static ClientCertificate stranger() {
        return stranger;
    }

    public static ClientCertificate untrusted() {
        return untrusted;
    }

    @Override
    public Map<String, String> start() {
        try {
            certificates = TestCertificates.create(Files.createTempDirectory("pgw-mtls"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = certificates.issueServer("pipeline-gateway");
        deployer = certificates.issueClient("ci-deployer");
        inferrer = certificates.issueClient("inference-app");
        stranger = certificates.issueClient("stranger");
        untrusted = certificates.issueUntrustedClient("intruder");
        return Map.of(
                "SELDON_GATEWAY_SECURITY_PROTOCOL", "SSL",
                "SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION", server.privateKey().toString(),
                "SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION", server.certificate().toString(),
                "SELDON_GATEWAY_CLIENT_TLS_CA_LOCATION", certificates.caCertificate().toString(),
                "SELDON_GATEWAY_CLIENT_TLS_AUTH", "required",
                "SELDON_GATEWAY_TLS_RELOAD_PERIOD", "1s",
                "SELDON_AUTH_METHODS", "mtls",
                "SELDON_AUTH_CLIENT_CERT_ROLES", "CN=ci-deployer:deployer;CN=inference-app:inferrer",
                "SELDON_CONTROL_PORT", "0");
    }

    @Override
    public void stop() {
        // the certificates live in a temporary directory; nothing runs
    }
}
