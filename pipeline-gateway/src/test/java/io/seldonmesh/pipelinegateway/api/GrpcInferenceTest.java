package io.seldonmesh.pipelinegateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.common.v2.proto.ModelReadyRequest;
import io.seldonmesh.common.v2.proto.ServerReadyRequest;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import io.seldonmesh.pipelinegateway.ModelResponder;
import io.seldonmesh.testkit.RawGrpcCall;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class GrpcInferenceTest {

    private static final Metadata.Key<String> SELDON_MODEL = key("seldon-model");
    private static final Metadata.Key<String> SELDON_INTERNAL_MODEL = key("seldon-internal-model");
    private static final Metadata.Key<String> TIMEOUT = key("seldon-timeout");
    private static final Metadata.Key<String> ANSWERED_BY = key(ModelResponder.ANSWERED_BY);
    private static final Metadata.Key<String> REQUEST_ID = key("x-request-id");

    private static Declarations kafka;
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        if (kafka == null) {
            kafka = new Declarations();
            kafka.availableModel("grpc-echo");
            kafka.availableModel("grpc-broken");
            kafka.availableModel("grpc-silent");
            kafka.echoModel("grpc-echo");
            kafka.failingModel("grpc-broken", "tensor x has the wrong shape");
            kafka.availableModel("grpc-unreachable");
            kafka.failingModel("grpc-unreachable", "UNREACHABLE", "could not reach model server (5 attempts)");
        }
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @AfterAll
    static void stopResponders() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void modelInferIsAnsweredThroughKafkaWithTheAnswersHeadersAsMetadata() {
        AtomicReference<Metadata> headers = new AtomicReference<>();
        Metadata metadata = new Metadata();
        metadata.put(REQUEST_ID, "grpc-1");
        ModelInferResponse response = stub(metadata, headers).modelInfer(request("grpc-echo"));

        assertThat(response.getModelName()).isEqualTo("grpc-echo");
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f);
        assertThat(headers.get().get(ANSWERED_BY)).isEqualTo("grpc-echo");
        assertThat(headers.get().get(REQUEST_ID)).isEqualTo("grpc-1");
        assertThat(headers.get().getAll(key("x-seldon-route"))).containsExactly(":grpc-echo_1:");
    }

    @Test
    void everyHopOfTheRouteTrailComesBackAsMetadataInOrder() {
        AtomicReference<Metadata> headers = new AtomicReference<>();
        Metadata metadata = new Metadata();
        metadata.put(key("x-seldon-route"), ":upstream_2:");
        stub(metadata, headers).modelInfer(request("grpc-echo"));

        assertThat(headers.get().getAll(key("x-seldon-route"))).containsExactly(":upstream_2:", ":grpc-echo_1:");
    }

    @Test
    void seldonModelMetadataAddressesTheModel() {
        Metadata metadata = new Metadata();
        metadata.put(SELDON_MODEL, "grpc-echo");
        ModelInferResponse response = stub(metadata, new AtomicReference<>()).modelInfer(request("something-else"));
        assertThat(response.getModelName()).isEqualTo("grpc-echo");
    }

    /** Seldon's Envoy sets it for experiments and mirrors: it wins over seldon-model, and its last value counts. */
    @Test
    void seldonInternalModelMetadataTakesPrecedenceItsLastValueWinning() {
        Metadata metadata = new Metadata();
        metadata.put(SELDON_MODEL, "grpc-broken");
        metadata.put(SELDON_INTERNAL_MODEL, "grpc-unreachable");
        metadata.put(SELDON_INTERNAL_MODEL, "grpc-echo");
        ModelInferResponse response = stub(metadata, new AtomicReference<>()).modelInfer(request("something-else"));
        assertThat(response.getModelName()).isEqualTo("grpc-echo");

        Metadata nameless = new Metadata();
        nameless.put(SELDON_INTERNAL_MODEL, ".pipeline");
        assertThatThrownBy(() -> stub(nameless, new AtomicReference<>()).modelInfer(request("grpc-echo")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("header seldon-internal-model");
                });
    }

    @Test
    void aModelServerThatCannotBeReachedIsUnavailableNotInvalidArgument() {
        assertThatThrownBy(() -> stub(new Metadata(), new AtomicReference<>()).modelInfer(request("grpc-unreachable")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("could not reach model server (5 attempts)");
                });
    }

    @Test
    void modelErrorIsInvalidArgumentWithTheModelsMessage() {
        assertThatThrownBy(() -> stub(new Metadata(), new AtomicReference<>()).modelInfer(request("grpc-broken")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("tensor x has the wrong shape");
                });
    }

    @Test
    void invalidTensorsAreInvalidArgumentNamingTheTensor() {
        ModelInferRequest broken = ModelInferRequest.newBuilder().setModelName("grpc-echo")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32").addShape(3)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f)))
                .build();
        assertThatThrownBy(() -> stub(new Metadata(), new AtomicReference<>()).modelInfer(broken))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("request to model 'grpc-echo' is invalid: input 'x'");
                });
    }

    @Test
    void undecodableRequestIsInvalidArgumentNamingProtobufsReasonCountedAndTheChannelGoesOn() {
        double before = undecodableRequestsCounted();
        byte[] whole = request("grpc-echo").toByteArray();
        byte[] truncated = Arrays.copyOf(whole, whole.length - 3);
        assertThatThrownBy(() -> RawGrpcCall.unary(channel, GRPCInferenceServiceGrpc.getModelInferMethod()
                .getFullMethodName(), truncated))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("ModelInfer request could not be decoded as"
                            + " inference.ModelInferRequest: While parsing a protocol message, the input ended"
                            + " unexpectedly in the middle of a field.  This could mean either that the input has been"
                            + " truncated or that an embedded message misreported its own length. ("
                            + truncated.length + " bytes)");
                });
        assertThat(undecodableRequestsCounted()).isEqualTo(before + 1);

        ModelInferResponse response = stub(new Metadata(), new AtomicReference<>()).modelInfer(request("grpc-echo"));
        assertThat(response.getModelName()).isEqualTo("grpc-echo");
    }

    private static double undecodableRequestsCounted() {
        return given().get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith("seldon_gateway_requests_total{") && line.contains("kind=\"model\"")
                        && line.contains("name=\"(unknown)\"") && line.contains("outcome=\"invalid_request\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void unknownModelIsNotFound() {
        assertThatThrownBy(() -> stub(new Metadata(), new AtomicReference<>()).modelInfer(request("grpc-nobody")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void unansweredRequestIsDeadlineExceededNamingTheModel() {
        Metadata metadata = new Metadata();
        metadata.put(TIMEOUT, "500ms");
        assertThatThrownBy(() -> stub(metadata, new AtomicReference<>()).modelInfer(request("grpc-silent")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                    assertThat(e.getStatus().getDescription()).contains("model 'grpc-silent' did not answer");
                });
    }

    @Test
    void callDeadlineIsTheTimeoutWhenNoneIsGiven() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> stub(new Metadata(), new AtomicReference<>()).withDeadlineAfter(700, TimeUnit.MILLISECONDS)
                .modelInfer(request("grpc-silent")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void readiness() {
        var stub = stub(new Metadata(), new AtomicReference<>());
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("grpc-echo").build()).getReady()).isTrue();
        assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThatThrownBy(() -> stub.modelReady(ModelReadyRequest.newBuilder().setName("grpc-nobody").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub(Metadata metadata,
                                                                         AtomicReference<Metadata> headers) {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata),
                        MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static ModelInferRequest request(String model) {
        return ModelInferRequest.newBuilder().setModelName(model)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
                        .addShape(1).addShape(2)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f).addFp32Contents(2f)))
                .build();
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
