package io.seldonmesh.localstack;

import static io.seldonmesh.localstack.Output.floats;
import static io.seldonmesh.localstack.Output.ints;
import static io.seldonmesh.localstack.Output.series;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.testkit.SeldonSampleModels;
import io.seldonmesh.testkit.SeldonSamplePipelines;

/**
 * Seldon's sample pipelines give the outputs Seldon documents ({@code samples/pipeline-examples.md},
 * {@code samples/pipeline-to-pipeline.md}), through the whole local stack built from the packaged services:
 * broker, S3, model-server, model-fetcher, model-gateway and pipeline-gateway's dataflow. Seldon's sample Models
 * (only their {@code storageUri} changed) and sample Pipelines (as published) are declared through
 * pipeline-gateway's control API; each request goes over REST and over gRPC ({@code seldon-model:
 * <p>.pipeline}); pipelines fed by other pipelines are read off their outputs topics with a plain Kafka consumer.
 * <p>
 * One stack for the class, started once: on a two-core machine the class takes about a minute, 25 to 40 s of it
 * the stack's start, about 10 s until the six models are Available and the ten pipelines Ready, 10 s the requests.
 */
class SeldonSamplePipelinesTest {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final List<Long> ROW_OF_16 = List.of(1L, 16L);
    private static final List<Long> FOUR = List.of(4L);
    private static final Metadata.Key<String> SELDON_MODEL = Metadata.Key.of("seldon-model",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id",
            Metadata.ASCII_STRING_MARSHALLER);

    private static Stack stack;
    private static PipelineGatewayClient gateway;
    private static ManagedChannel channel;

    @BeforeAll
    static void declareSeldonsSamplesOnOneStack() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(
                "LOCAL_FIXED_PORTS", "false",
                "LOCAL_STACK_EXIT_AFTER_DEMO", "true",
                "LOCAL_STACK_DIR", Path.of("target", "seldon-sample-pipelines-test").toString()));
        stack = new Stack(settings, new Progress(System.out));
        stack.start();
        gateway = new PipelineGatewayClient(stack.service("pipeline-gateway").baseUri(),
                settings.workDirectory().resolve("logs"));
        SeldonSampleModels models = SeldonSampleModels.upload(stack.objectStore(), stack.objectStore().bucket(),
                "seldon-samples");
        models.writeStorageSecret(stack.secretsDirectory());
        models.samples().forEach(model -> gateway.put("/v1/models/" + model.name(), model.resource()));
        SeldonSamplePipelines.all().forEach(pipeline -> gateway.put("/v1/pipelines/" + pipeline.name(),
                pipeline.resource()));
        models.samples().forEach(model -> gateway.awaitModelAvailable(model.name(), READY_TIMEOUT));
        SeldonSamplePipelines.all().forEach(pipeline -> gateway.awaitPipelineReady(pipeline.name(), READY_TIMEOUT));
        channel = ManagedChannelBuilder.forTarget(stack.pipelineGatewayGrpcAddress()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void tfsimplesChainsTheStepsRenamingTensorsWithTensorMap() {
        answersOverRestAndGrpc(SeldonSamplePipelines.TFSIMPLES, SeldonSamplePipelines.TFSIMPLE_REQUEST,
                ints("OUTPUT0", ROW_OF_16, series(2, 2, 16)), ints("OUTPUT1", ROW_OF_16, series(2, 2, 16)));
    }

    @Test
    void tfsimplesInputGivesTheSecondStepAnInputTensorOfTheFirst() {
        answersOverRestAndGrpc(SeldonSamplePipelines.TFSIMPLES_INPUT, SeldonSamplePipelines.TFSIMPLE_REQUEST,
                ints("OUTPUT0", ROW_OF_16, series(1, 1, 16)), ints("OUTPUT1", ROW_OF_16, series(1, 1, 16)));
    }

    @Test
    void joinFeedsTheThirdStepOneTensorOfEachOfTheFirstTwo() {
        answersOverRestAndGrpc(SeldonSamplePipelines.JOIN, SeldonSamplePipelines.TFSIMPLE_REQUEST,
                ints("OUTPUT0", ROW_OF_16, series(2, 2, 16)), ints("OUTPUT1", ROW_OF_16, series(2, 2, 16)));
    }

    @Test
    void conditionalRunsMul10ForChoiceZeroAndAdd10ForChoiceOne() {
        answersOverRestAndGrpc(SeldonSamplePipelines.CONDITIONAL, SeldonSamplePipelines.conditionalRequest(0),
                floats("OUTPUT", FOUR, 10, 20, 30, 40));
        answersOverRestAndGrpc(SeldonSamplePipelines.CONDITIONAL, SeldonSamplePipelines.conditionalRequest(1),
                floats("OUTPUT", FOUR, 11, 12, 13, 14));
    }

    @Test
    void pipelineInputsAnswersWithTheTensorNamedOutputOfEachStep() {
        answersOverRestAndGrpc(SeldonSamplePipelines.PIPELINE_INPUTS, SeldonSamplePipelines.PIPELINE_INPUTS_REQUEST,
                floats("OUTPUT", FOUR, 10, 20, 30, 40), floats("OUTPUT", FOUR, 11, 12, 13, 14));
    }

    @Test
    void triggerJoinsRunsOnlyTheStepWhoseTriggerTensorCame() {
        answersOverRestAndGrpc(SeldonSamplePipelines.TRIGGER_JOINS, SeldonSamplePipelines.triggerJoinsRequest("ok1"),
                floats("OUTPUT", FOUR, 10, 20, 30, 40));
        answersOverRestAndGrpc(SeldonSamplePipelines.TRIGGER_JOINS, SeldonSamplePipelines.triggerJoinsRequest("ok3"),
                floats("OUTPUT", FOUR, 11, 12, 13, 14));
    }

    @Test
    void pipelinesFedByTfsimpleAnswerItsRequestOnTheirOutputsTopics() {
        Output sums = ints("OUTPUT0", ROW_OF_16, series(2, 2, 16));
        Output zeros = ints("OUTPUT1", ROW_OF_16, new int[16]);
        List<Output> tfsimple = List.of(sums, zeros);
        List<Output> extended = List.of(sums, ints("OUTPUT1", ROW_OF_16, series(2, 2, 16)));
        List<Output> combined = List.of(ints("OUTPUT0", ROW_OF_16, series(4, 4, 16)), zeros);
        String pipeline = SeldonSamplePipelines.TFSIMPLE.name();
        String request = SeldonSamplePipelines.TFSIMPLE_REQUEST;

        Object overRest = answer(() -> rest(pipeline, request, Map.of("x-request-id", "samples-rest-1")));
        Object overGrpc = answer(() -> grpc(pipeline, request, "samples-grpc-1"));

        assertSoftly(softly -> {
            softly.assertThat(overRest).as("tfsimple over REST").isEqualTo(tfsimple);
            softly.assertThat(overGrpc).as("tfsimple over gRPC").isEqualTo(tfsimple);
            for (String requestId : List.of("samples-rest-1", "samples-grpc-1")) {
                softly.assertThat(answer(() -> downstream(SeldonSamplePipelines.TFSIMPLE_EXTENDED, requestId)))
                        .as("tfsimple-extended's outputs for " + requestId).isEqualTo(extended);
                softly.assertThat(answer(() -> downstream(SeldonSamplePipelines.TFSIMPLE_EXTENDED2, requestId)))
                        .as("tfsimple-extended2's outputs for " + requestId).isEqualTo(extended);
                softly.assertThat(answer(() -> downstream(SeldonSamplePipelines.TFSIMPLE_COMBINED_TRIGGER, requestId)))
                        .as("tfsimple-combined-trigger's outputs for " + requestId).isEqualTo(combined);
            }
        });
    }

    /** Sends Seldon's request to the pipeline over REST and over gRPC; both answers must be Seldon's, in order. */
    private static void answersOverRestAndGrpc(SeldonSamplePipelines.Sample pipeline, String request,
                                               Output... expected) {
        Object overRest = answer(() -> rest(pipeline.name(), request, Map.of()));
        Object overGrpc = answer(() -> grpc(pipeline.name(), request, null));
        assertSoftly(softly -> {
            softly.assertThat(overRest).as(pipeline.name() + " over REST, request " + request)
                    .isEqualTo(List.of(expected));
            softly.assertThat(overGrpc).as(pipeline.name() + " over gRPC, request " + request)
                    .isEqualTo(List.of(expected));
        });
    }

    /** The outputs, or why there are none: so that REST and gRPC are both checked when one of them fails. */
    private static Object answer(Supplier<List<Output>> call) {
        try {
            return call.get();
        } catch (RuntimeException | AssertionError e) {
            return "no answer: " + e.getMessage();
        }
    }

    private static List<Output> rest(String pipeline, String request, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("seldon-model", pipeline + ".pipeline");
        return Output.ofJson(gateway.infer("/v2/models/" + pipeline + "/infer", request, all));
    }

    private static List<Output> grpc(String pipeline, String request, String requestId) {
        Metadata metadata = new Metadata();
        metadata.put(SELDON_MODEL, pipeline + ".pipeline");
        if (requestId != null) {
            metadata.put(REQUEST_ID, requestId);
        }
        return Output.ofGrpc(GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .modelInfer(V2Json.parseRequest(request).toBuilder().setModelName(pipeline).build()));
    }

    private static List<Output> downstream(SeldonSamplePipelines.Sample pipeline, String requestId) {
        return Output.ofGrpc(PipelineOutputsTopic.answer(stack.kafkaBootstrap(), pipeline.name(), requestId,
                ANSWER_TIMEOUT));
    }
}
