package io.seldonmesh.pipelinegateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.ServerLiveRequest;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import io.seldonmesh.pipelinegateway.MtlsProfile;
import io.seldonmesh.pipelinegateway.MtlsTestResource;
import io.seldonmesh.pipelinegateway.TlsClients;
import io.seldonmesh.testkit.ClientCertificate;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every listener serves TLS and requires a client certificate; its subject's roles decide, over REST and gRPC. */
@QuarkusTest
@TestProfile(MtlsProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class MtlsAccessTest {

    private static final String MODEL = "mtls-echo";
    private static Declarations kafka;

    @Inject
    ControlListener control;

    @BeforeEach
    void declareOnce() {
        if (kafka != null) {
            return;
        }
        kafka = new Declarations();
        GatewayCalls deployer = calls(MtlsTestResource.deployer());
        assertThat(deployer.send("PUT", deployer.control(control.port().orElseThrow(), "/v1/models/" + MODEL),
                Optional.empty(), Declarations.modelYaml(MODEL)).statusCode()).isIn(200, 201);
        kafka.status().model(MODEL, ModelState.AVAILABLE, null);
        kafka.echoModel(MODEL);
        GatewayCalls inferrer = calls(MtlsTestResource.inferrer());
        Eventually.until(Duration.ofSeconds(15), () -> MODEL + " ready", () -> inferrer.get(
                inferrer.http("/v2/models/" + MODEL + "/ready"), Optional.empty()).statusCode() == 200);
    }

    @AfterAll
    static void close() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aTlsHandshakeWithoutAClientCertificateFailsOnEveryListener() {
        GatewayCalls anonymous = GatewayCalls.tls(TlsClients.context(ca(), Optional.empty()));

        // the TLS alert is the whole answer: bad_certificate (TLS 1.2) or certificate_required (TLS 1.3)
        assertThatThrownBy(() -> anonymous.get(anonymous.http("/q/health/live"), Optional.empty()))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseInstanceOf(SSLException.class)
                .rootCause().message().containsAnyOf("bad_certificate", "certificate_required");
        assertThatThrownBy(() -> anonymous.get(anonymous.control(control.port().orElseThrow(), "/v1/models"),
                Optional.empty())).rootCause().message().containsAnyOf("bad_certificate", "certificate_required");
        ManagedChannel channel = TlsClients.grpc(grpcPort(), ca(), Optional.empty());
        try {
            assertThatThrownBy(() -> GRPCInferenceServiceGrpc.newBlockingStub(channel)
                    .serverLive(ServerLiveRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused ->
                            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aCertificateOfAnotherCaFailsTheHandshake() {
        GatewayCalls intruder = calls(MtlsTestResource.untrusted());

        assertThatThrownBy(() -> intruder.get(intruder.http("/q/health/live"), Optional.empty()))
                .hasRootCauseInstanceOf(SSLException.class);
    }

    @Test
    void aDeployersCertificateDeclaresAndDeletesModelsOnTheControlPort() {
        GatewayCalls deployer = calls(MtlsTestResource.deployer());

        HttpResponse<String> created = deployer.send("PUT", control(deployer, "/v1/models/by-certificate"),
                Optional.empty(), Declarations.modelYaml("by-certificate"));
        HttpResponse<String> deleted = deployer.send("DELETE", control(deployer, "/v1/models/by-certificate"),
                Optional.empty(), "");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(deleted.statusCode()).isEqualTo(200);
    }

    @Test
    void anInferrersCertificateMayNotDeclareModels() {
        GatewayCalls inferrer = calls(MtlsTestResource.inferrer());

        HttpResponse<String> refused = inferrer.send("PUT", control(inferrer, "/v1/models/by-inferrer"),
                Optional.empty(), Declarations.modelYaml("by-inferrer"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"error\":\"PUT /v1/models/by-inferrer needs role 'deployer'; client"
                + " certificate 'CN=inference-app' has roles [inferrer] (from SELDON_AUTH_CLIENT_CERT_ROLES): grant it"
                + " 'deployer' there\"}");
    }

    @Test
    void anInferrersCertificateIsAnsweredOverRestAndGrpc() {
        GatewayCalls inferrer = calls(MtlsTestResource.inferrer());
        HttpResponse<String> rest = inferrer.send("POST", inferrer.http("/v2/models/" + MODEL + "/infer"),
                Optional.empty(), OidcAccessTest.REQUEST);
        ManagedChannel channel = TlsClients.grpc(grpcPort(), ca(), Optional.of(MtlsTestResource.inferrer()));
        try {
            var grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .modelInfer(GrpcOidcAccessTest.request(MODEL));

            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
            assertThat(grpc.getModelName()).isEqualTo(MODEL);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aCertificateTheMappingDoesNotNameIsRefusedNamingTheRoleNeeded() {
        GatewayCalls stranger = calls(MtlsTestResource.stranger());
        ManagedChannel channel = TlsClients.grpc(grpcPort(), ca(), Optional.of(MtlsTestResource.stranger()));
        try {
            HttpResponse<String> rest = stranger.send("POST", stranger.http("/v2/models/" + MODEL + "/infer"),
                    Optional.empty(), OidcAccessTest.REQUEST);

            assertThat(rest.statusCode()).isEqualTo(403);
            assertThat(rest.body()).contains("needs role 'inferrer'; client certificate 'CN=stranger' has no role");
            assertThatThrownBy(() -> GRPCInferenceServiceGrpc.newBlockingStub(channel)
                    .modelInfer(GrpcOidcAccessTest.request(MODEL)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                        assertThat(refused.getStatus().getDescription()).startsWith("gRPC ModelInfer needs role"
                                + " 'inferrer'; client certificate 'CN=stranger' has no role");
                    });
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void healthIsOpenToAnyCertificateTheCaSigned() {
        GatewayCalls stranger = calls(MtlsTestResource.stranger());

        assertThat(stranger.get(stranger.http("/q/health/live"), Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(stranger.get(control(stranger, "/q/health/live"), Optional.empty()).statusCode()).isEqualTo(200);
    }

    static Path ca() {
        return MtlsTestResource.certificates().caCertificate();
    }

    static int grpcPort() {
        return ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    }

    private URI control(GatewayCalls calls, String path) {
        return calls.control(control.port().orElseThrow(), path);
    }

    private static GatewayCalls calls(ClientCertificate certificate) {
        return GatewayCalls.tls(TlsClients.context(ca(), Optional.of(certificate)));
    }
}
