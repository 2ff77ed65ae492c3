package io.seldonmesh.pipelinegateway.dataflow.io;

import static io.seldonmesh.pipelinegateway.dataflow.io.DataflowDriver.TOPICS;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.echo;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.ints;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.intsOf;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.names;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.request;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.sumAndDiff;
import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The dataflow's behaviour, one feature per test, in Kafka Streams' test driver: the models are played by the test,
 * which answers each step's request on its outputs topic as model-gateway would.
 */
class PipelineTopologyTest {

    private static final int[] ONE_TO_FOUR = {1, 2, 3, 4};

    @Test
    void chainSendsEachStepTheAnswerOfTheOneBefore() throws Exception {
        try (DataflowDriver flow = new DataflowDriver(chain("chain", "a", "b"))) {
            flow.request("r1", request(ints("x", ONE_TO_FOUR)));

            TestRecord<byte[], byte[]> toA = flow.readOne(TOPICS.modelInputs("a"));
            assertThat(new String(toA.key(), StandardCharsets.UTF_8)).isEqualTo("0.p.r1");
            assertThat(header(toA.headers(), SeldonHeaders.PIPELINE)).isEqualTo("chain");
            assertThat(header(toA.headers(), SeldonHeaders.PIPELINE_VERSION)).isEqualTo("7");
            assertThat(header(toA.headers(), SeldonHeaders.REQUEST_ID)).isEqualTo("r1");
            ModelInferRequest forA = ModelInferRequest.parseFrom(toA.value());
            assertThat(forA.getModelName()).isEqualTo("a");
            flow.answer("a", "r1", echo(forA), toA.headers());

            TestRecord<byte[], byte[]> toB = flow.readOne(TOPICS.modelInputs("b"));
            assertThat(names(ModelInferRequest.parseFrom(toB.value()))).containsExactly("x");
            assertThat(toB.headers().headers(SeldonHeaders.ROUTE)).extracting(h -> new String(h.value()))
                    .containsExactly(":a_1:");
            flow.answer("b", "r1", echo(ModelInferRequest.parseFrom(toB.value())), toB.headers());

            TestRecord<byte[], byte[]> answer = flow.readOne(TOPICS.pipelineOutputs("chain"));
            assertThat(intsOf(ModelInferResponse.parseFrom(answer.value()), "x")).containsExactly(1, 2, 3, 4);
            assertThat(answer.headers().headers(SeldonHeaders.ROUTE)).extracting(h -> new String(h.value()))
                    .containsExactly(":a_1:", ":b_1:");
            assertThat(new String(answer.key(), StandardCharsets.UTF_8)).isEqualTo("0.p.r1");
        }
    }

    @Test
    void tensorMapRenamesTheTensorsTheNextStepGets() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: tfsimples}
                spec:
                  steps:
                  - name: tfsimple1
                  - name: tfsimple2
                    inputs: [tfsimple1]
                    tensorMap: {tfsimple1.outputs.OUTPUT0: INPUT0, tfsimple1.outputs.OUTPUT1: INPUT1}
                  output: {steps: [tfsimple2]}
                """)) {
            flow.request("r1", request(ints("INPUT0", 1, 2, 3), ints("INPUT1", 1, 2, 3)));
            TestRecord<byte[], byte[]> first = flow.readOne(TOPICS.modelInputs("tfsimple1"));
            flow.answer("tfsimple1", "r1", sumAndDiff(ModelInferRequest.parseFrom(first.value())), first.headers());

            TestRecord<byte[], byte[]> second = flow.readOne(TOPICS.modelInputs("tfsimple2"));
            ModelInferRequest forSecond = ModelInferRequest.parseFrom(second.value());
            assertThat(names(forSecond)).containsExactly("INPUT0", "INPUT1");
            flow.answer("tfsimple2", "r1", sumAndDiff(forSecond), second.headers());

            ModelInferResponse answer = ModelInferResponse.parseFrom(
                    flow.readOne(TOPICS.pipelineOutputs("tfsimples")).value());
            assertThat(intsOf(answer, "OUTPUT0")).containsExactly(2, 4, 6);
            assertThat(intsOf(answer, "OUTPUT1")).containsExactly(2, 4, 6);
        }
    }

    @Test
    void stepInputsReferenceJoinsAnotherStepsRequestWithItsAnswer() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: tfsimples-input}
                spec:
                  steps:
                  - name: tfsimple1
                  - name: tfsimple2
                    inputs: [tfsimple1.inputs.INPUT0, tfsimple1.outputs.OUTPUT1]
                    tensorMap: {tfsimple1.outputs.OUTPUT1: INPUT1}
                  output: {steps: [tfsimple2]}
                """)) {
            flow.request("r1", request(ints("INPUT0", 1, 2, 3), ints("INPUT1", 1, 2, 3)));
            TestRecord<byte[], byte[]> first = flow.readOne(TOPICS.modelInputs("tfsimple1"));
            // the step's own request, read back from model.tfsimple1.inputs, is one of tfsimple2's inputs: it waits
            assertThat(flow.read(TOPICS.modelInputs("tfsimple2"))).isEmpty();
            flow.answer("tfsimple1", "r1", sumAndDiff(ModelInferRequest.parseFrom(first.value())), first.headers());

            ModelInferRequest forSecond = flow.modelRequest("tfsimple2");
            assertThat(names(forSecond)).containsExactly("INPUT0", "INPUT1");
            assertThat(forSecond.getInputs(0).getContents().getIntContentsList()).containsExactly(1, 2, 3);
            assertThat(forSecond.getInputs(1).getContents().getIntContentsList()).containsExactly(0, 0, 0);
        }
    }

    @Test
    void innerJoinWaitsForBothStepsAndTakesOneTensorOfEach() throws Exception {
        try (DataflowDriver flow = new DataflowDriver(join("inner", null))) {
            Headers[] sent = startJoin(flow);
            flow.answer("tfsimple1", "r1", sumAndDiff(request(ints("INPUT0", 1, 2), ints("INPUT1", 1, 2))), sent[0]);
            assertThat(flow.read(TOPICS.modelInputs("tfsimple3"))).isEmpty();
            flow.answer("tfsimple2", "r1", sumAndDiff(request(ints("INPUT0", 5, 5), ints("INPUT1", 1, 2))), sent[1]);

            ModelInferRequest joined = flow.modelRequest("tfsimple3");
            assertThat(names(joined)).containsExactly("INPUT0", "INPUT1");
            assertThat(joined.getInputs(0).getContents().getIntContentsList()).containsExactly(2, 4);
            assertThat(joined.getInputs(1).getContents().getIntContentsList()).containsExactly(4, 3);
        }
    }

    @Test
    void innerJoinDropsWhatArrivedWhenItsWindowCloses() throws Exception {
        try (DataflowDriver flow = new DataflowDriver(join("inner", 500L))) {
            Headers[] sent = startJoin(flow);
            flow.answer("tfsimple1", "r1", sumAndDiff(request(ints("INPUT0", 1), ints("INPUT1", 1))), sent[0]);
            flow.advance(Duration.ofMillis(600));
            flow.answer("tfsimple2", "r1", sumAndDiff(request(ints("INPUT0", 1), ints("INPUT1", 1))), sent[1]);

            assertThat(flow.read(TOPICS.modelInputs("tfsimple3"))).isEmpty();
        }
    }

    @Test
    void outerJoinGoesWithTheSideThatCameWhenItsWindowCloses() throws Exception {
        try (DataflowDriver flow = new DataflowDriver(join("outer", 500L))) {
            Headers[] sent = startJoin(flow);
            flow.answer("tfsimple1", "r1", sumAndDiff(request(ints("INPUT0", 1, 2), ints("INPUT1", 1, 2))), sent[0]);
            flow.advance(Duration.ofMillis(400));
            assertThat(flow.read(TOPICS.modelInputs("tfsimple3"))).isEmpty();
            flow.advance(Duration.ofMillis(200));

            ModelInferRequest joined = flow.modelRequest("tfsimple3");
            assertThat(names(joined)).containsExactly("INPUT0");
            // the other side, late, is not sent again
            flow.answer("tfsimple2", "r1", sumAndDiff(request(ints("INPUT0", 1, 2), ints("INPUT1", 1, 2))), sent[1]);
            assertThat(flow.read(TOPICS.modelInputs("tfsimple3"))).isEmpty();
        }
    }

    @Test
    void completeOuterJoinDoesNotWaitForItsWindow() throws Exception {
        try (DataflowDriver flow = new DataflowDriver(join("outer", 60_000L))) {
            Headers[] sent = startJoin(flow);
            flow.answer("tfsimple1", "r1", sumAndDiff(request(ints("INPUT0", 1), ints("INPUT1", 1))), sent[0]);
            flow.answer("tfsimple2", "r1", sumAndDiff(request(ints("INPUT0", 1), ints("INPUT1", 1))), sent[1]);

            assertThat(names(flow.modelRequest("tfsimple3"))).containsExactly("INPUT0", "INPUT1");
        }
    }

    @Test
    void anyJoinGoesWithTheFirstAndNeverSendsTwice() throws Exception {
        try (DataflowDriver flow = new DataflowDriver(join("any", null))) {
            Headers[] sent = startJoin(flow);
            flow.answer("tfsimple2", "r1", sumAndDiff(request(ints("INPUT0", 1), ints("INPUT1", 1))), sent[1]);
            assertThat(names(flow.modelRequest("tfsimple3"))).containsExactly("INPUT1");
            flow.answer("tfsimple1", "r1", sumAndDiff(request(ints("INPUT0", 1), ints("INPUT1", 1))), sent[0]);

            assertThat(flow.read(TOPICS.modelInputs("tfsimple3"))).isEmpty();
        }
    }

    @Test
    void triggerRoutesTheRequestToTheStepWhoseTriggerTensorCame() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: trigger-joins}
                spec:
                  steps:
                  - name: mul10
                    inputs: [trigger-joins.inputs.INPUT]
                    triggers: [trigger-joins.inputs.ok1, trigger-joins.inputs.ok2]
                    triggersJoinType: any
                  - name: add10
                    inputs: [trigger-joins.inputs.INPUT]
                    triggers: [trigger-joins.inputs.ok3]
                  output:
                    steps: [mul10, add10]
                    stepsJoin: any
                """)) {
            flow.request("r1", request(ints("ok1", 1), ints("INPUT", ONE_TO_FOUR)));

            ModelInferRequest toMul = flow.modelRequest("mul10");
            assertThat(names(toMul)).as("the trigger's data is not passed").containsExactly("INPUT");
            assertThat(flow.read(TOPICS.modelInputs("add10"))).isEmpty();

            flow.request("r2", request(ints("ok3", 1), ints("INPUT", ONE_TO_FOUR)));
            assertThat(flow.read(TOPICS.modelInputs("mul10"))).isEmpty();
            assertThat(names(flow.modelRequest("add10"))).containsExactly("INPUT");
        }
    }

    @Test
    void conditionalPipelineAnswersWithTheStepThatRan() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: tfsimple-conditional}
                spec:
                  steps:
                  - name: conditional
                  - name: mul10
                    inputs: [conditional.outputs.OUTPUT0]
                    tensorMap: {conditional.outputs.OUTPUT0: INPUT}
                  - name: add10
                    inputs: [conditional.outputs.OUTPUT1]
                    tensorMap: {conditional.outputs.OUTPUT1: INPUT}
                  output:
                    steps: [mul10, add10]
                    stepsJoin: any
                """)) {
            flow.request("r1", request(ints("CHOICE", 0), ints("INPUT0", ONE_TO_FOUR), ints("INPUT1", ONE_TO_FOUR)));
            TestRecord<byte[], byte[]> toConditional = flow.readOne(TOPICS.modelInputs("conditional"));
            // the model answers with OUTPUT0 only: the add10 path is not taken
            flow.answer("conditional", "r1", V2Messages.response(V2Messages.output(ints("OUTPUT0", ONE_TO_FOUR))),
                    toConditional.headers());

            assertThat(flow.read(TOPICS.modelInputs("add10"))).isEmpty();
            TestRecord<byte[], byte[]> toMul = flow.readOne(TOPICS.modelInputs("mul10"));
            assertThat(names(ModelInferRequest.parseFrom(toMul.value()))).containsExactly("INPUT");
            flow.answer("mul10", "r1", V2Messages.response(V2Messages.output(ints("OUTPUT", 10, 20, 30, 40))),
                    toMul.headers());

            ModelInferResponse answer = ModelInferResponse.parseFrom(
                    flow.readOne(TOPICS.pipelineOutputs("tfsimple-conditional")).value());
            assertThat(intsOf(answer, "OUTPUT")).containsExactly(10, 20, 30, 40);
        }
    }

    @Test
    void errorOfAStepEndsTheRequestAndDropsWhatItsJoinsHold() throws Exception {
        try (DataflowDriver flow = new DataflowDriver(join("outer", 500L))) {
            Headers[] sent = startJoin(flow);
            flow.answer("tfsimple1", "r1", sumAndDiff(request(ints("INPUT0", 1), ints("INPUT1", 1))), sent[0]);
            var error = new ErrorRecord("tfsimple2", "r1", "400", "bad input", null)
                    .toRecord(TOPICS.errors(), 0, DataflowDriver.key("r1"), sent[1]);
            flow.send(TOPICS.errors(), error.key(), error.value(), error.headers());
            flow.advance(Duration.ofMillis(600));

            assertThat(flow.read(TOPICS.modelInputs("tfsimple3"))).as("no model is called for an ended request")
                    .isEmpty();
        }
    }

    @Test
    void recordsOfAnotherPipelineOrVersionAreLeftAlone() {
        try (DataflowDriver flow = new DataflowDriver(chain("chain", "a", "b"))) {
            ModelInferResponse answer = V2Messages.response(V2Messages.output(ints("x", 1)));
            flow.answer("a", "r1", answer, DataflowDriver.headers("r1", "other", "7"));
            flow.answer("a", "r2", answer, DataflowDriver.headers("r2", "chain", "6"));
            assertThat(flow.read(TOPICS.modelInputs("b"))).isEmpty();

            flow.answer("a", "r3", answer, DataflowDriver.headers("r3", "chain", "7"));
            assertThat(flow.read(TOPICS.modelInputs("b"))).hasSize(1);
        }
    }

    @Test
    void requestsEnterTheVersionActiveWhenTheyWereWritten() {
        long activeFrom = DataflowDriver.START.toEpochMilli() + 1_000;
        try (DataflowDriver flow = new DataflowDriver(chain("chain", "a", "b"), activeFrom, 1_000_000)) {
            flow.request("early", request(ints("x", 1)));
            assertThat(flow.read(TOPICS.modelInputs("a"))).as("written before this version").isEmpty();
            flow.advance(Duration.ofSeconds(1));
            flow.request("on-time", request(ints("x", 1)));
            assertThat(flow.read(TOPICS.modelInputs("a"))).hasSize(1);

            flow.ownership.retireFrom(DataflowDriver.START.toEpochMilli() + 2_000);
            flow.advance(Duration.ofSeconds(1));
            flow.request("late", request(ints("x", 1)));
            assertThat(flow.read(TOPICS.modelInputs("a"))).as("a newer version takes it").isEmpty();
        }
    }

    @Test
    void unreadableRecordEndsItsRequestWithAnErrorSayingWhy() {
        try (DataflowDriver flow = new DataflowDriver(chain("chain", "a", "b"))) {
            flow.send(TOPICS.pipelineInputs("chain"), DataflowDriver.key("r1"), "not protobuf".getBytes(),
                    DataflowDriver.headers("r1", "chain", null));

            TestRecord<byte[], byte[]> error = flow.readOne(TOPICS.errors());
            ErrorRecord parsed = ErrorRecord.parse(error.key(), error.headers(), error.value());
            assertThat(parsed.requestId()).isEqualTo("r1");
            assertThat(parsed.message()).contains("pipeline 'chain'").contains("could not be read")
                    .contains("ModelInferRequest");
            assertThat(flow.read(TOPICS.modelInputs("a"))).isEmpty();
        }
    }

    @Test
    void recordTooLargeForKafkaEndsTheRequestNamingBothSizes() {
        try (DataflowDriver flow = new DataflowDriver(chain("chain", "a", "b"), Long.MIN_VALUE, 300)) {
            flow.request("r1", request(ints("x", java.util.stream.IntStream.range(0, 500).map(i -> 1_000_000 + i).toArray())));

            assertThat(flow.read(TOPICS.modelInputs("a"))).isEmpty();
            TestRecord<byte[], byte[]> error = flow.readOne(TOPICS.errors());
            assertThat(ErrorRecord.parse(error.key(), error.headers(), error.value()).message())
                    .contains("step 'a'").contains("KAFKA_MESSAGE_MAX_BYTES").contains("300");
        }
    }

    private static Headers[] startJoin(DataflowDriver flow) {
        flow.request("r1", request(ints("INPUT0", 1), ints("INPUT1", 1)));
        return new Headers[] {flow.readOne(TOPICS.modelInputs("tfsimple1")).headers(),
                flow.readOne(TOPICS.modelInputs("tfsimple2")).headers()};
    }

    static String chain(String name, String... models) {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < models.length; i++) {
            steps.append("  - name: ").append(models[i]).append('\n');
            if (i > 0) {
                steps.append("    inputs: [").append(models[i - 1]).append("]\n");
            }
        }
        return "metadata: {name: " + name + "}\nspec:\n  steps:\n" + steps + "  output: {steps: ["
                + models[models.length - 1] + "]}\n";
    }

    private static String join(String type, Long windowMs) {
        return """
                metadata: {name: join}
                spec:
                  steps:
                  - name: tfsimple1
                  - name: tfsimple2
                  - name: tfsimple3
                    inputs: [tfsimple1.outputs.OUTPUT0, tfsimple2.outputs.OUTPUT1]
                    tensorMap: {tfsimple1.outputs.OUTPUT0: INPUT0, tfsimple2.outputs.OUTPUT1: INPUT1}
                    inputsJoinType: %s
                %s  output: {steps: [tfsimple3]}
                """.formatted(type, windowMs == null ? "" : "    joinWindowMs: " + windowMs + "\n");
    }

    private static String header(Headers headers, String key) {
        return SeldonHeaders.lastValue(headers, key).orElse(null);
    }
}
