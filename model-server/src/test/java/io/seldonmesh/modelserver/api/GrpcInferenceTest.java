package io.seldonmesh.modelserver.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.common.v2.proto.ModelMetadataRequest;
import io.seldonmesh.common.v2.proto.ModelMetadataResponse;
import io.seldonmesh.common.v2.proto.ModelReadyRequest;
import io.seldonmesh.common.v2.proto.ServerLiveRequest;
import io.seldonmesh.common.v2.proto.ServerMetadataRequest;
import io.seldonmesh.common.v2.proto.ServerReadyRequest;
import io.seldonmesh.common.v2.proto.repository.ModelRepositoryServiceGrpc;
import io.seldonmesh.common.v2.proto.repository.ModelRepositoryServiceGrpc.ModelRepositoryServiceBlockingStub;
import io.seldonmesh.common.v2.proto.repository.RepositoryIndexRequest;
import io.seldonmesh.common.v2.proto.repository.RepositoryIndexResponse.ModelIndex;
import io.seldonmesh.common.v2.proto.repository.RepositoryModelLoadRequest;
import io.seldonmesh.common.v2.proto.repository.RepositoryModelUnloadRequest;
import io.seldonmesh.testkit.RawGrpcCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GrpcInferenceTest {

    private ManagedChannel channel;
    private GRPCInferenceServiceBlockingStub inference;
    private ModelRepositoryServiceBlockingStub repository;

    @BeforeEach
    void connect() {
        // the separate gRPC server binds a free port in tests; Quarkus publishes the one it got under test-port
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        assertThat(port).isPositive();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        inference = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        repository = ModelRepositoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void serverIsLiveReadyAndDescribesItself() {
        assertThat(inference.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(inference.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(inference.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getExtensionsList())
                .containsExactly("model_repository");
    }

    @Test
    void onnxAdd10OverGrpcWithTypedContents() {
        load("onnx-add10");
        ModelInferResponse response = inference.modelInfer(request("onnx-add10", "g-1",
                Tensor.ofFloats("input", Datatype.FP32, new long[] {1, 4}, new float[] {1, 2, 3, 4})));

        assertThat(response.getModelName()).isEqualTo("onnx-add10");
        assertThat(response.getModelVersion()).isEqualTo("1");
        assertThat(response.getId()).isEqualTo("g-1");
        assertThat(response.getOutputs(0).getShapeList()).containsExactly(1L, 4L);
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(11f, 12f, 13f, 14f);
    }

    @Test
    void rawInputContentsGetRawOutputContents() {
        load("onnx-iris");
        ModelInferRequest raw = Tensors.toRaw(request("onnx-iris", "",
                Tensor.ofFloats("input", Datatype.FP32, new long[] {2, 4}, new float[] {5.1f, 3.5f, 1.4f, 0.2f, 6.0f, 2.9f, 3.0f, 2.0f})));
        assertThat(raw.getRawInputContentsCount()).isEqualTo(1);

        ModelInferResponse response = inference.modelInfer(raw);

        assertThat(response.getRawOutputContentsCount()).isEqualTo(2);
        List<Tensor> outputs = Tensors.outputs(response);
        assertThat(outputs.get(1).name()).isEqualTo("label");
        assertThat(outputs.get(1).longs()).containsExactly(0, 1);
        float[] probabilities = outputs.get(0).floats();
        assertThat(probabilities[0] + probabilities[1] + probabilities[2]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
    }

    @Test
    void builtinsOverGrpc() {
        load("sum-and-diff");
        ModelInferResponse sums = inference.modelInfer(request("sum-and-diff", "",
                Tensor.ofInts("INPUT0", Datatype.INT32, new long[] {1, 4}, new int[] {1, 2, 3, 4}),
                Tensor.ofInts("INPUT1", Datatype.INT32, new long[] {1, 4}, new int[] {4, 3, 2, 1})));
        assertThat(sums.getOutputs(0).getContents().getIntContentsList()).containsExactly(5, 5, 5, 5);
        assertThat(sums.getOutputs(1).getContents().getIntContentsList()).containsExactly(-3, -1, 1, 3);

        load("add10");
        ModelInferResponse rawAdd = inference.modelInfer(Tensors.toRaw(request("add10", "",
                Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {1, 4}, new float[] {0, 0, 0, 1}))));
        assertThat(Tensors.outputs(rawAdd).get(0).floats()).containsExactly(10, 10, 10, 11);
    }

    /** Seldon's gRPC requests (samples/pipeline-examples.md: int_contents, fp32_contents) to the stand-ins for its models. */
    @Test
    void seldonSampleRequestsOverGrpc() {
        load("tfsimple1");
        int[] oneToSixteen = IntStream.rangeClosed(1, 16).toArray();
        ModelInferResponse tfsimple = inference.modelInfer(request("tfsimple1", "",
                Tensor.ofInts("INPUT0", Datatype.INT32, new long[] {1, 16}, oneToSixteen),
                Tensor.ofInts("INPUT1", Datatype.INT32, new long[] {1, 16}, oneToSixteen)));
        assertThat(tfsimple.getOutputs(0).getName()).isEqualTo("OUTPUT0");
        assertThat(tfsimple.getOutputs(0).getContents().getIntContentsList())
                .containsExactly(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32);
        assertThat(tfsimple.getOutputs(1).getContents().getIntContentsList()).hasSize(16).containsOnly(0);

        load("conditional");
        ModelInferResponse conditional = inference.modelInfer(request("conditional", "",
                Tensor.ofInts("CHOICE", Datatype.INT32, new long[] {1}, new int[] {0}),
                Tensor.ofFloats("INPUT0", Datatype.FP32, new long[] {4}, new float[] {1, 2, 3, 4}),
                Tensor.ofFloats("INPUT1", Datatype.FP32, new long[] {4}, new float[] {1, 2, 3, 4})));
        assertThat(conditional.getOutputsList()).singleElement().satisfies(output -> {
            assertThat(output.getName()).isEqualTo("OUTPUT0");
            assertThat(output.getShapeList()).containsExactly(4L);
        });

        load("mul10");
        ModelInferResponse mul10 = inference.modelInfer(request("mul10", "",
                Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {4}, new float[] {1, 2, 3, 4})));
        assertThat(mul10.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(10f, 20f, 30f, 40f);
    }

    @Test
    void badInputIsInvalidArgumentWithTheRestText() {
        load("onnx-add10");
        assertThatThrownBy(() -> inference.modelInfer(request("onnx-add10", "",
                Tensor.ofInts("input", Datatype.INT32, new long[] {1, 4}, new int[] {1, 2, 3, 4}))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("input 'input' of model 'onnx-add10': expected datatype FP32, received INT32");
                });
    }

    @Test
    void unknownModelIsNotFoundAndFailingModelKeepsItsStatus() {
        assertThatThrownBy(() -> inference.modelInfer(request("no-such-model", "",
                Tensor.ofFloats("x", Datatype.FP32, new long[] {1}, new float[1]))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> inference.modelReady(ModelReadyRequest.newBuilder().setName("no-such-model").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

        load("fail");
        assertThatThrownBy(() -> inference.modelInfer(request("fail", "",
                Tensor.ofFloats("x", Datatype.FP32, new long[] {1}, new float[1]))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).isEqualTo("the fail model is configured to fail");
                });
    }

    @Test
    void metadataReadinessAndUnloadOverGrpc() {
        load("identity");
        assertThat(inference.modelReady(ModelReadyRequest.newBuilder().setName("identity").setVersion("1").build()).getReady())
                .isTrue();
        ModelMetadataResponse metadata = inference.modelMetadata(ModelMetadataRequest.newBuilder().setName("identity").build());
        assertThat(metadata.getPlatform()).isEqualTo("seldon-mesh-builtin");
        assertThat(metadata.getVersionsList()).containsExactly("1");

        repository.repositoryModelUnload(RepositoryModelUnloadRequest.newBuilder().setModelName("identity").build());

        assertThat(repository.repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsList())
                .filteredOn(model -> model.getName().equals("identity"))
                .extracting(ModelIndex::getState, ModelIndex::getReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("UNAVAILABLE", "not loaded"));
        assertThatThrownBy(() -> inference.modelMetadata(ModelMetadataRequest.newBuilder().setName("identity").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void brokenModelLoadIsRefusedWithTheReason() {
        assertThatThrownBy(() -> load("broken"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("unknown implementation 'no-such-runtime'");
                });
        assertThat(inference.modelReady(ModelReadyRequest.newBuilder().setName("broken").build()).getReady()).isFalse();
    }

    @Test
    void requestIdIsEchoedInHeaders() {
        load("add10");
        Metadata headers = new Metadata();
        headers.put(RequestIdEcho.REQUEST_ID, "trace-grpc");
        AtomicReference<Metadata> received = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();

        inference.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers),
                        MetadataUtils.newCaptureMetadataInterceptor(received, trailers))
                .modelInfer(request("add10", "", Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {1, 4}, new float[4])));

        assertThat(received.get().get(RequestIdEcho.REQUEST_ID)).isEqualTo("trace-grpc");
    }

    @Test
    void aSlowModelDoesNotHoldUpQuickOnesOnTheSameConnection() {
        load("sleep");
        load("identity");
        Tensor input = Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {1, 2}, new float[] {1, 2});
        GRPCInferenceServiceFutureStub async = GRPCInferenceServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        // One channel is one connection, served by one event loop: a sleep run there would queue everything after it.
        List<ListenableFuture<ModelInferResponse>> sleeping = IntStream
                .range(0, 4).mapToObj(i -> async.modelInfer(request("sleep", "s-" + i, input))).toList();

        ModelInferResponse quick = inference.modelInfer(request("identity", "quick", input));

        assertThat(quick.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f);
        assertThat(sleeping).anyMatch(call -> !call.isDone());
        assertThat(sleeping).allSatisfy(call ->
                assertThat(call).succeedsWithin(Duration.ofSeconds(10)));
    }

    @Test
    void undecodableInferenceRequestIsInvalidArgumentNamingProtobufsReasonAndTheChannelGoesOn() {
        byte[] notProtobuf = {0, 1, 2, 3, 4}; // field number 0 is no protobuf tag
        assertThatThrownBy(() -> RawGrpcCall.unary(channel, GRPCInferenceServiceGrpc.getModelInferMethod()
                .getFullMethodName(), notProtobuf))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("ModelInfer request could not be decoded as"
                            + " inference.ModelInferRequest: Protocol message contained an invalid tag (zero). (5 bytes)");
                });

        load("add10");
        ModelInferResponse response = inference.modelInfer(request("add10", "after-undecodable",
                Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {1, 4}, new float[] {0, 0, 0, 1})));
        assertThat(response.getId()).isEqualTo("after-undecodable");
    }

    @Test
    void repositoryRequestWithAStringThatIsNotUtf8IsInvalidArgument() {
        byte[] modelNameNotUtf8 = {0x12, 2, (byte) 0xC3, 0x28};
        assertThatThrownBy(() -> RawGrpcCall.unary(channel, ModelRepositoryServiceGrpc.getRepositoryModelLoadMethod()
                .getFullMethodName(), modelNameNotUtf8))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("RepositoryModelLoad request could not be"
                            + " decoded as inference.model_repository.RepositoryModelLoadRequest: Protocol message had"
                            + " invalid UTF-8. (4 bytes)");
                });

        load("add10");
        assertThat(inference.modelReady(ModelReadyRequest.newBuilder().setName("add10").build()).getReady()).isTrue();
    }

    private void load(String model) {
        repository.repositoryModelLoad(RepositoryModelLoadRequest.newBuilder().setModelName(model).build());
    }

    private static ModelInferRequest request(String model, String id, Tensor... inputs) {
        return Tensors.setInputs(ModelInferRequest.newBuilder().setModelName(model).setId(id), List.of(inputs)).build();
    }
}
