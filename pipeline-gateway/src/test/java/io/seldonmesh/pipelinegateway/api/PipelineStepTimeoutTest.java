package io.seldonmesh.pipelinegateway.api;

import static io.restassured.RestAssured.given;
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
import io.restassured.response.Response;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pipeline request that times out gets a 504 saying which steps answered and which had not. The test plays the
 * dataflow partly: the first step of pipeline {@code half} answers on its model's outputs topic, the second never.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PipelineStepTimeoutTest {

    private static Declarations kafka;

    @BeforeEach
    void declareOnce() {
        if (kafka != null) {
            return;
        }
        kafka = new Declarations();
        for (String model : new String[] {"step-a", "step-b", "step-c", "step-d"}) {
            kafka.availableModel(model);
        }
        kafka.readyChain("half", "step-a", "step-b");
        kafka.readyChain("none", "step-c", "step-d");
        kafka.readyPipelineWithoutSpec("specless");
        kafka.stepAnswers("half", "step-a");
    }

    @AfterAll
    static void stopResponders() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void timeoutNamesTheStepThatAnsweredAndTheStepThatHadNotWithinTimeoutPlusOneSecond() {
        String id = "half-" + UUID.randomUUID();
        long started = System.nanoTime();
        Response response = given().contentType("application/json").header("x-request-id", id)
                .header("seldon-timeout", "2s").body(RestInferenceTest.REQUEST)
                .post("/v2/pipelines/half/infer");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(504);
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(response.jsonPath().getString("error"))
                .startsWith("pipeline 'half' did not answer request '" + id + "' within 2 s (seldon-timeout=2s): "
                        + "step 'step-a' (model step-a) answered; step 'step-b' (model step-b) has no answer on "
                        + kafka.topics().modelOutputs("step-b")
                        + " — check model step-b's status and model-gateway's log. Nothing arrived on "
                        + kafka.topics().pipelineOutputs("half"));
        assertThat(given().get("/q/metrics").then().extract().body().asString())
                .contains("seldon_gateway_step_scans_total{outcome=\"complete\"}")
                .contains("seldon_gateway_step_scan_records_total");
    }

    @Test
    void timeoutWithNoStepAnsweredNamesBothSteps() {
        String error = given().contentType("application/json").header("seldon-timeout", "1s")
                .body(RestInferenceTest.REQUEST).post("/v2/pipelines/none/infer")
                .then().statusCode(504).extract().jsonPath().getString("error");

        assertThat(error).contains("step 'step-c' (model step-c) has no answer on " + kafka.topics().modelOutputs("step-c")
                        + " — check model step-c's status and model-gateway's log; step 'step-d' (model step-d) has no"
                        + " answer on " + kafka.topics().modelOutputs("step-d"))
                .doesNotContain("answered;");
    }

    @Test
    void pipelineWhoseSpecIsUnknownGetsTheMessageNamingOnlyThePipeline() {
        Response response = given().contentType("application/json").header("seldon-timeout", "1s")
                .body(RestInferenceTest.REQUEST).post("/v2/pipelines/specless/infer");
        String error = response.jsonPath().getString("error");

        assertThat(response.statusCode()).as(error).isEqualTo(504);
        assertThat(error).startsWith("pipeline 'specless' did not answer request '")
                .contains("within 1 s (seldon-timeout=1s): nothing arrived on "
                        + kafka.topics().pipelineOutputs("specless"))
                .contains("Check that the pipeline's dataflow and the model-gateway serving its steps are running")
                .doesNotContain("step '");
    }

    @Test
    void grpcDeadlineExceededDescriptionNamesTheSteps() {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            Metadata metadata = new Metadata();
            metadata.put(Metadata.Key.of("seldon-timeout", Metadata.ASCII_STRING_MARSHALLER), "2s");
            metadata.put(Metadata.Key.of("seldon-model", Metadata.ASCII_STRING_MARSHALLER), "half.pipeline");
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("half")
                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
                            .addShape(1).addShape(1).setContents(InferTensorContents.newBuilder().addFp32Contents(1f)))
                    .build();

            assertThatThrownBy(() -> stub.modelInfer(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                        assertThat(e.getStatus().getDescription())
                                .startsWith("pipeline 'half' did not answer request '")
                                .contains("step 'step-a' (model step-a) answered; step 'step-b' (model step-b) has no"
                                        + " answer on " + kafka.topics().modelOutputs("step-b")
                                        + " — check model step-b's status");
                    });
        } finally {
            channel.shutdownNow();
        }
    }
}
