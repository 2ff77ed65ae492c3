package io.seldonmesh.pipelinegateway.dataflow.io;

import static io.seldonmesh.pipelinegateway.dataflow.io.DataflowDriver.TOPICS;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.echo;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.ints;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.intsOf;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.names;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.output;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.request;
import static io.seldonmesh.pipelinegateway.dataflow.io.V2Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Pipelines of pipelines, loops, batches, and the encodings a dataflow must carry through unchanged. */
class PipelineCompositionTest {

    @Test
    void externalInputsTakeAnotherPipelinesAnswer() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: tfsimple-extended}
                spec:
                  input:
                    externalInputs: [tfsimple.outputs]
                    tensorMap: {tfsimple.outputs.OUTPUT0: INPUT0, tfsimple.outputs.OUTPUT1: INPUT1}
                  steps:
                  - name: tfsimple2
                  output: {steps: [tfsimple2]}
                """)) {
            Headers fromTfsimple = DataflowDriver.headers("r1", "tfsimple", "3");
            flow.send(TOPICS.pipelineOutputs("tfsimple"), DataflowDriver.key("r1"),
                    response(output(ints("OUTPUT0", 2, 4)), output(ints("OUTPUT1", 0, 0))).toByteArray(), fromTfsimple);

            TestRecord<byte[], byte[]> entered = flow.readOne(TOPICS.pipelineInputs("tfsimple-extended"));
            assertThat(names(ModelInferRequest.parseFrom(entered.value()))).containsExactly("INPUT0", "INPUT1");
            assertThat(SeldonHeaders.lastValue(entered.headers(), SeldonHeaders.PIPELINE)).contains("tfsimple-extended");
            // read back from the pipeline's own inputs topic (the test driver does that), it goes to its first step
            assertThat(names(flow.modelRequest("tfsimple2"))).containsExactly("INPUT0", "INPUT1");
        }
    }

    @Test
    void externalTriggerGatesTheInputsOfAnotherPipeline() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: combined-trigger}
                spec:
                  input:
                    externalInputs: [first.outputs]
                    externalTriggers: [second.outputs]
                  steps:
                  - name: tfsimple2
                  output: {steps: [tfsimple2]}
                """)) {
            byte[] answer = response(output(ints("OUTPUT0", 1))).toByteArray();
            flow.send(TOPICS.pipelineOutputs("first"), DataflowDriver.key("r1"), answer,
                    DataflowDriver.headers("r1", "first", "1"));
            assertThat(flow.read(TOPICS.pipelineInputs("combined-trigger"))).isEmpty();
            flow.send(TOPICS.pipelineOutputs("second"), DataflowDriver.key("r1"), answer,
                    DataflowDriver.headers("r1", "second", "1"));

            assertThat(names(ModelInferRequest.parseFrom(
                    flow.readOne(TOPICS.pipelineInputs("combined-trigger")).value()))).containsExactly("OUTPUT0");
        }
    }

    @Test
    void outputJoinKeepsTensorsOfTheSameNameFromEachStep() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: pipeline-inputs}
                spec:
                  steps:
                  - name: mul10
                    inputs: [pipeline-inputs.inputs.INPUT0]
                    tensorMap: {pipeline-inputs.inputs.INPUT0: INPUT}
                  - name: add10
                    inputs: [pipeline-inputs.inputs.INPUT1]
                    tensorMap: {pipeline-inputs.inputs.INPUT1: INPUT}
                  output: {steps: [mul10, add10]}
                """)) {
            flow.request("r1", request(ints("INPUT0", 1, 2), ints("INPUT1", 1, 2)));
            TestRecord<byte[], byte[]> toMul = flow.readOne(TOPICS.modelInputs("mul10"));
            TestRecord<byte[], byte[]> toAdd = flow.readOne(TOPICS.modelInputs("add10"));
            assertThat(names(ModelInferRequest.parseFrom(toMul.value()))).containsExactly("INPUT");
            flow.answer("add10", "r1", response(output(ints("OUTPUT", 11, 12))), toAdd.headers());
            flow.answer("mul10", "r1", response(output(ints("OUTPUT", 10, 20))), toMul.headers());

            ModelInferResponse answer = ModelInferResponse.parseFrom(
                    flow.readOne(TOPICS.pipelineOutputs("pipeline-inputs")).value());
            // in the output's step order, as Seldon answers this sample
            assertThat(names(answer)).containsExactly("OUTPUT", "OUTPUT");
            assertThat(answer.getOutputs(0).getContents().getIntContentsList()).containsExactly(10, 20);
            assertThat(answer.getOutputs(1).getContents().getIntContentsList()).containsExactly(11, 12);
        }
    }

    @Test
    void loopRunsUntilItsStopTriggerAndNotPastMaxStepRevisits() throws Exception {
        String counter = """
                metadata: {name: counter-pipeline}
                spec:
                  allowCycles: true
                  maxStepRevisits: %d
                  steps:
                  - name: counter
                    inputsJoinType: any
                    inputs: [counter-pipeline.inputs, identity-loop.outputs]
                  - name: identity-output
                    joinWindowMs: 1
                    inputs: [counter.outputs]
                    triggers: [counter.outputs.stop]
                  - name: identity-loop
                    joinWindowMs: 1
                    inputs: [counter.outputs.output]
                    triggers: [counter.outputs.continue]
                  output: {steps: [identity-output.outputs]}
                """;
        try (DataflowDriver flow = new DataflowDriver(counter.formatted(100))) {
            assertThat(runCounter(flow, 7)).isEqualTo(10);
        }
        try (DataflowDriver flow = new DataflowDriver(counter.formatted(2))) {
            assertThat(runCounter(flow, 0)).isEqualTo(-1);
            TestRecord<byte[], byte[]> error = flow.readOne(TOPICS.errors());
            assertThat(ErrorRecord.parse(error.key(), error.headers(), error.value()).message())
                    .contains("step 'counter'").contains("reached 4 times").contains("maxStepRevisits=2");
        }
    }

    /**
     * Plays Seldon's counter sample: the counter adds one and says continue below 10, stop at 10; the identity models
     * echo. Returns the pipeline's answer, or -1 when the request ended without one.
     */
    private static int runCounter(DataflowDriver flow, int start) throws Exception {
        flow.request("r1", request(ints("counter-pipeline.inputs", start)));
        for (int round = 0; round < 20; round++) {
            List<TestRecord<byte[], byte[]>> toCounter = flow.read(TOPICS.modelInputs("counter"));
            List<TestRecord<byte[], byte[]>> toLoop = flow.read(TOPICS.modelInputs("identity-loop"));
            List<TestRecord<byte[], byte[]>> toOutput = flow.read(TOPICS.modelInputs("identity-output"));
            List<TestRecord<byte[], byte[]>> answers = flow.read(TOPICS.pipelineOutputs("counter-pipeline"));
            if (!answers.isEmpty()) {
                return intsOf(ModelInferResponse.parseFrom(answers.get(0).value()), "output").get(0);
            }
            for (TestRecord<byte[], byte[]> record : toCounter) {
                int value = ModelInferRequest.parseFrom(record.value()).getInputs(0).getContents().getIntContents(0) + 1;
                flow.answer("counter", "r1", response(output(ints("output", value)),
                        output(ints(value < 10 ? "continue" : "stop", 0))), record.headers());
            }
            for (TestRecord<byte[], byte[]> record : toLoop) {
                flow.answer("identity-loop", "r1", echo(ModelInferRequest.parseFrom(record.value())), record.headers());
            }
            for (TestRecord<byte[], byte[]> record : toOutput) {
                flow.answer("identity-output", "r1", echo(ModelInferRequest.parseFrom(record.value())),
                        record.headers());
            }
            flow.advance(Duration.ofMillis(5));
            if (toCounter.isEmpty() && toLoop.isEmpty() && toOutput.isEmpty()) {
                return -1;
            }
        }
        throw new AssertionError("the loop did not end");
    }

    @Test
    void batchSendsItsRequestsAsOneStackedByRows() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: iris-batch}
                spec:
                  steps:
                  - name: iris
                    batch: {size: 2}
                  output: {steps: [iris]}
                """)) {
            flow.request("r1", request(ints("x", 1, 2)));
            assertThat(flow.read(TOPICS.modelInputs("iris"))).as("waits for a second request").isEmpty();
            flow.request("r2", request(ints("x", 3, 4)));

            TestRecord<byte[], byte[]> batch = flow.readOne(TOPICS.modelInputs("iris"));
            ModelInferRequest merged = ModelInferRequest.parseFrom(batch.value());
            assertThat(merged.getInputs(0).getShapeList()).containsExactly(2L, 2L);
            assertThat(merged.getInputs(0).getContents().getIntContentsList()).containsExactly(1, 2, 3, 4);
            assertThat(new String(batch.key(), StandardCharsets.UTF_8)).startsWith("0.iris-batch.batch-");
        }
    }

    @Test
    void batchAnswerIsCutBackAndEachRequestAnsweredOnItsOwn() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: iris-batch}
                spec:
                  steps:
                  - name: iris
                    batch: {size: 2}
                  output: {steps: [iris]}
                """)) {
            flow.request("r1", request(ints("x", 1, 2)));
            flow.request("r2", request(ints("x", 3, 4)));
            TestRecord<byte[], byte[]> batch = flow.readOne(TOPICS.modelInputs("iris"));
            ModelInferRequest merged = ModelInferRequest.parseFrom(batch.value());
            flow.send(TOPICS.modelOutputs("iris"), batch.key(), echo(merged).toByteArray(), batch.headers());

            List<TestRecord<byte[], byte[]>> answers = flow.read(TOPICS.modelOutputs("iris"));
            assertThat(answers).hasSize(2);
            assertThat(answers).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactly("0.p.r1", "0.p.r2");
            assertThat(intsOf(ModelInferResponse.parseFrom(answers.get(1).value()), "x")).containsExactly(3, 4);
            // read back from the model's outputs topic (the test driver does that), each is taken like any answer
            assertThat(flow.read(TOPICS.pipelineOutputs("iris-batch"))).extracting(
                            r -> SeldonHeaders.requestId(r.headers()).orElseThrow())
                    .containsExactly("r1", "r2");
        }
    }

    @Test
    void partialBatchGoesWhenItsWindowCloses() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: iris-batch}
                spec:
                  steps:
                  - name: iris
                    batch: {size: 10, windowMs: 200}
                  output: {steps: [iris]}
                """)) {
            flow.request("r1", request(ints("x", 1, 2)));
            flow.advance(Duration.ofMillis(100));
            assertThat(flow.read(TOPICS.modelInputs("iris"))).isEmpty();
            flow.advance(Duration.ofMillis(150));

            TestRecord<byte[], byte[]> alone = flow.readOne(TOPICS.modelInputs("iris"));
            assertThat(new String(alone.key(), StandardCharsets.UTF_8)).as("one request goes as itself")
                    .isEqualTo("0.p.r1");
        }
    }

    @Test
    void modelErrorForABatchReachesEachOfItsRequests() {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: iris-batch}
                spec:
                  steps:
                  - name: iris
                    batch: {size: 2}
                  output: {steps: [iris]}
                """)) {
            flow.request("r1", request(ints("x", 1, 2)));
            flow.request("r2", request(ints("x", 3, 4)));
            TestRecord<byte[], byte[]> batch = flow.readOne(TOPICS.modelInputs("iris"));
            var error = new ErrorRecord("iris", null, "400", "wrong shape", null)
                    .toRecord(TOPICS.errors(), 0, batch.key(), batch.headers());
            flow.send(TOPICS.errors(), error.key(), error.value(), error.headers());

            assertThat(flow.read(TOPICS.errors())).extracting(r -> ErrorRecord.parse(r.key(), r.headers(), r.value()))
                    .extracting(ErrorRecord::requestId, ErrorRecord::message)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", "wrong shape"),
                            org.assertj.core.groups.Tuple.tuple("r2", "wrong shape"));
        }
    }

    @Test
    void rawAndTypedTensorsJoinedBecomeAllRaw() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: join}
                spec:
                  steps:
                  - name: a
                  - name: b
                  - name: c
                    inputs: [a.outputs.OUTPUT0, b.outputs.OUTPUT1]
                  output: {steps: [c]}
                """)) {
            flow.request("r1", request(ints("x", 1)));
            Headers toA = flow.readOne(TOPICS.modelInputs("a")).headers();
            Headers toB = flow.readOne(TOPICS.modelInputs("b")).headers();
            ByteString raw = ByteString.copyFrom(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(5)
                    .putInt(6).array());
            flow.answer("a", "r1", ModelInferResponse.newBuilder().addOutputs(ModelInferResponse.InferOutputTensor
                    .newBuilder().setName("OUTPUT0").setDatatype("INT32").addShape(2)).addRawOutputContents(raw)
                    .build(), toA);
            flow.answer("b", "r1", response(output(ints("OUTPUT1", 7, 8))), toB);

            ModelInferRequest joined = flow.modelRequest("c");
            assertThat(joined.getRawInputContentsCount()).isEqualTo(2);
            assertThat(joined.getRawInputContents(0)).isEqualTo(raw);
            ByteBuffer typedMadeRaw = joined.getRawInputContents(1).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            assertThat(List.of(typedMadeRaw.getInt(0), typedMadeRaw.getInt(4))).containsExactly(7, 8);
        }
    }

    @Test
    void jsonRequestGetsAJsonAnswer() throws Exception {
        try (DataflowDriver flow = new DataflowDriver(PipelineTopologyTest.chain("chain", "a"))) {
            Headers headers = DataflowDriver.headers("r1", "chain", null);
            headers.add(SeldonHeaders.INFER_TYPE, InferType.JSON_REQUEST.headerValue().getBytes(StandardCharsets.UTF_8));
            flow.send(TOPICS.pipelineInputs("chain"), DataflowDriver.key("r1"), """
                    {"inputs":[{"name":"x","shape":[2],"datatype":"INT32","data":[1,2]}]}""".getBytes(), headers);
            TestRecord<byte[], byte[]> toA = flow.readOne(TOPICS.modelInputs("a"));
            assertThat(SeldonHeaders.lastValue(toA.headers(), SeldonHeaders.INFER_TYPE)).as("protobuf between steps")
                    .isEmpty();
            flow.answer("a", "r1", echo(ModelInferRequest.parseFrom(toA.value())), toA.headers());

            TestRecord<byte[], byte[]> answer = flow.readOne(TOPICS.pipelineOutputs("chain"));
            assertThat(SeldonHeaders.lastValue(answer.headers(), SeldonHeaders.INFER_TYPE))
                    .contains(InferType.JSON_RESPONSE.headerValue());
            assertThat(V2Json.parseResponse(answer.value()).getOutputs(0).getContents().getIntContentsList())
                    .containsExactly(1, 2);
        }
    }

    @Test
    void recordReadTwiceAfterARestartIsNotJoinedTwice() throws Exception {
        try (DataflowDriver flow = new DataflowDriver("""
                metadata: {name: join}
                spec:
                  steps:
                  - name: a
                  - name: b
                  - name: c
                    inputs: [a, b]
                  output: {steps: [c]}
                """)) {
            flow.request("r1", request(ints("x", 1)));
            Headers toA = flow.readOne(TOPICS.modelInputs("a")).headers();
            Headers toB = flow.readOne(TOPICS.modelInputs("b")).headers();
            ModelInferResponse answer = response(output(ints("y", 1)));
            flow.answer("a", "r1", answer, toA);
            flow.answer("b", "r1", answer, toB);
            flow.answer("a", "r1", answer, toA);
            flow.answer("b", "r1", answer, toB);

            assertThat(flow.read(TOPICS.modelInputs("c"))).hasSize(1);
        }
    }
}
