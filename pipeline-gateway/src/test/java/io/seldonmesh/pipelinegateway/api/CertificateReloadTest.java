package io.seldonmesh.pipelinegateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.ServerLiveRequest;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import io.seldonmesh.pipelinegateway.MtlsProfile;
import io.seldonmesh.pipelinegateway.MtlsTestResource;
import io.seldonmesh.pipelinegateway.TlsClients;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * cert-manager renews the server certificate in place: every listener serves the new one to new connections within
 * seconds (the files are read every second here), and connections already open keep working.
 */
@QuarkusTest
@TestProfile(MtlsProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class CertificateReloadTest {

    @Inject
    ControlListener control;

    @Test
    void aRenewedServerCertificateIsServedToNewConnectionsWhileOpenOnesKeepWorking() throws Exception {
        SSLContext client = TlsClients.context(MtlsAccessTest.ca(), Optional.of(MtlsTestResource.inferrer()));
        int rest = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        int controlPort = control.port().orElseThrow();
        int grpc = MtlsAccessTest.grpcPort();
        ManagedChannel openChannel = TlsClients.grpc(grpc, MtlsAccessTest.ca(),
                Optional.of(MtlsTestResource.inferrer()));
        try (KeptConnection open = KeptConnection.open(client, rest, "http/1.1")) {
            assertThat(open.get("/v2/health/live")).isEqualTo(200);
            live(openChannel);
            BigInteger before = open.served().getSerialNumber();

            BigInteger renewed = serialOf(MtlsTestResource.renewServerCertificate().certificate());

            for (int port : new int[] {rest, controlPort, grpc}) {
                Eventually.until(Duration.ofSeconds(10), () -> "port " + port + " serves serial "
                        + renewed.toString(16), () -> served(client, port).equals(renewed));
            }
            assertThat(renewed).isNotEqualTo(before);
            assertThat(open.get("/v2/health/live")).isEqualTo(200);
            assertThat(open.served().getSerialNumber()).isEqualTo(before);
            live(openChannel);
        } finally {
            openChannel.shutdownNow();
        }
    }

    private static void live(ManagedChannel channel) {
        assertThat(GRPCInferenceServiceGrpc.newBlockingStub(channel).serverLive(ServerLiveRequest.getDefaultInstance())
                .getLive()).isTrue();
    }

    /** The serial of the certificate a new connection gets; zero while the files are half written. */
    private static BigInteger served(SSLContext client, int port) {
        String protocol = port == MtlsAccessTest.grpcPort() ? "h2" : "http/1.1";
        try (KeptConnection connection = KeptConnection.open(client, port, protocol)) {
            return connection.served().getSerialNumber();
        } catch (RuntimeException | IOException notYet) {
            return BigInteger.ZERO;
        }
    }

    private static BigInteger serialOf(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSerialNumber();
        }
    }
}
