package io.seldonmesh.pipelinegateway.api;

import static io.seldonmesh.pipelinegateway.OidcTestResource.DEPLOYER;
import static io.seldonmesh.pipelinegateway.OidcTestResource.EXPIRED_INFERRER;
import static io.seldonmesh.pipelinegateway.OidcTestResource.INFERRER;
import static io.seldonmesh.pipelinegateway.OidcTestResource.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ServerLiveRequest;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import io.seldonmesh.pipelinegateway.OidcProfile;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bearer tokens on gRPC inference: the same roles and the same words as REST, as gRPC status codes. */
@QuarkusTest
@TestProfile(OidcProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class GrpcOidcAccessTest {

    private static final String MODEL = "grpc-secured";
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    private static Declarations kafka;
    private ManagedChannel channel;

    @Inject
    ControlListener control;

    @BeforeEach
    void connect() {
        if (kafka == null) {
            kafka = new Declarations();
            GatewayCalls calls = GatewayCalls.plain();
            assertThat(calls.send("PUT", calls.control(control.port().orElseThrow(), "/v1/models/" + MODEL),
                    Optional.of(token(DEPLOYER)), Declarations.modelYaml(MODEL)).statusCode()).isIn(200, 201);
            kafka.status().model(MODEL, ModelState.AVAILABLE, null);
            kafka.echoModel(MODEL);
        }
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @AfterAll
    static void close() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void modelInferWithoutATokenIsUnauthenticatedNamingInferrer() {
        assertThatThrownBy(() -> stub(Optional.empty()).modelInfer(request(MODEL)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(refused.getStatus().getDescription()).startsWith("gRPC ModelInfer needs role"
                            + " 'inferrer' and the request carries no credential: send 'authorization: Bearer"
                            + " <token>' (an HTTP header, or gRPC metadata)");
                });
    }

    @Test
    void modelInferWithADeployersTokenIsPermissionDeniedNamingInferrer() {
        assertThatThrownBy(() -> stub(Optional.of(token(DEPLOYER))).modelInfer(request(MODEL)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(refused.getStatus().getDescription()).startsWith("gRPC ModelInfer needs role"
                            + " 'inferrer'; token subject 'ci-deployer' has roles [deployer]");
                });
    }

    @Test
    void modelInferWithAnExpiredTokenIsUnauthenticatedSayingSo() {
        assertThatThrownBy(() -> stub(Optional.of(token(EXPIRED_INFERRER))).modelInfer(request(MODEL)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(refused.getStatus().getDescription()).contains("it expired at");
                });
    }

    @Test
    void modelInferWithAnInferrersTokenIsAnsweredWithinItsDeadline() {
        var response = stub(Optional.of(token(INFERRER))).withDeadlineAfter(20, TimeUnit.SECONDS)
                .modelInfer(request(MODEL));

        assertThat(response.getModelName()).isEqualTo(MODEL);
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f);
    }

    @Test
    void serverLivenessStaysOpenWithoutAToken() {
        assertThat(stub(Optional.empty()).serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub(Optional<String> token) {
        Metadata metadata = new Metadata();
        token.ifPresent(value -> metadata.put(AUTHORIZATION, "Bearer " + value));
        return GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    /** Two FP32 values, which an echo model sends back. */
    static ModelInferRequest request(String model) {
        return ModelInferRequest.newBuilder().setModelName(model)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
                        .addShape(1).addShape(2)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f).addFp32Contents(2f)))
                .build();
    }
}
