package io.seldonmesh.pipelinegateway.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.pipelinegateway.Eventually;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every dataflow feature through the real services, packaged: pipeline-gateway (ingress and dataflow) → Kafka →
 * model-gateway → model-server → Kafka → the dataflow → ... → pipeline-gateway. One stack for the class, a pipeline
 * per test. Over REST unless the test says gRPC or Kafka.
 */
class PipelineDataflowIT {

    private static final String ONE_TO_FOUR = "[1,2,3,4]";
    private static final String ONE_TO_SIXTEEN = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]";
    private static final String TFSIMPLE_REQUEST = "{\"inputs\":[{\"name\":\"INPUT0\",\"data\":" + ONE_TO_SIXTEEN
            + ",\"datatype\":\"INT32\",\"shape\":[1,16]},{\"name\":\"INPUT1\",\"data\":" + ONE_TO_SIXTEEN
            + ",\"datatype\":\"INT32\",\"shape\":[1,16]}]}";
    private static final int[] DOUBLED = {2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32};

    private static DataflowStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new DataflowStack().startModels();
        stack.startGateway("ingress,dataflow", Map.of());
        stack.models("tfsimple1", "tfsimple2", "tfsimple3", "mul10", "add10", "conditional", "identity", "slow",
                "refuses");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void twoStepChainPassesTheFirstModelsAnswerToTheSecond(Transport transport) throws Exception {
        stack.pipeline("chain", pipeline("chain", """
                  steps:
                  - name: identity
                  - name: add10
                    inputs: [identity]
                  output: {steps: [add10]}
                """));

        Transport.Answer answer = transport.call(stack, "chain", input("INPUT", ONE_TO_FOUR));

        assertThat(answer.output("OUTPUT").floats()).containsExactly(11f, 12f, 13f, 14f);
        if (transport == Transport.REST) {
            assertThat(stack.infer("chain", input("INPUT", ONE_TO_FOUR)).headers().allValues("x-seldon-route"))
                    .containsExactly(":identity_1:", ":add10_1:");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void tensorMapRenamesTheTensorsTheNextStepTakes(Transport transport) throws Exception {
        stack.pipeline("tfsimples", pipeline("tfsimples", """
                  steps:
                  - name: tfsimple1
                  - name: tfsimple2
                    inputs: [tfsimple1]
                    tensorMap: {tfsimple1.outputs.OUTPUT0: INPUT0, tfsimple1.outputs.OUTPUT1: INPUT1}
                  output: {steps: [tfsimple2]}
                """));

        Transport.Answer answer = transport.call(stack, "tfsimples", TFSIMPLE_REQUEST);

        assertThat(answer.names()).containsExactly("OUTPUT0", "OUTPUT1");
        assertThat(answer.output("OUTPUT0").ints()).containsExactly(DOUBLED);
        assertThat(answer.output("OUTPUT1").ints()).containsExactly(DOUBLED);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void stepTakesAnotherStepsInputsBesideItsOutputs(Transport transport) throws Exception {
        stack.pipeline("tfsimples-input", pipeline("tfsimples-input", """
                  steps:
                  - name: tfsimple1
                  - name: tfsimple2
                    inputs: [tfsimple1.inputs.INPUT0, tfsimple1.outputs.OUTPUT1]
                    tensorMap: {tfsimple1.outputs.OUTPUT1: INPUT1}
                  output: {steps: [tfsimple2]}
                """));

        Transport.Answer answer = transport.call(stack, "tfsimples-input", TFSIMPLE_REQUEST);

        assertThat(answer.output("OUTPUT0").ints()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(answer.output("OUTPUT1").ints()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void innerJoinOfTwoStepsFeedsTheThird(Transport transport) throws Exception {
        stack.pipeline("join", pipeline("join", """
                  steps:
                  - name: tfsimple1
                  - name: tfsimple2
                  - name: tfsimple3
                    inputs: [tfsimple1.outputs.OUTPUT0, tfsimple2.outputs.OUTPUT1]
                    tensorMap: {tfsimple1.outputs.OUTPUT0: INPUT0, tfsimple2.outputs.OUTPUT1: INPUT1}
                  output: {steps: [tfsimple3]}
                """));

        Transport.Answer answer = transport.call(stack, "join", TFSIMPLE_REQUEST);

        assertThat(answer.output("OUTPUT0").ints()).containsExactly(DOUBLED);
        assertThat(answer.output("OUTPUT1").ints()).containsExactly(DOUBLED);
        if (transport == Transport.REST) {
            assertThat(stack.infer("join", TFSIMPLE_REQUEST).headers().allValues("x-seldon-route"))
                    .contains(":tfsimple1_1:", ":tfsimple2_1:", ":tfsimple3_1:");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void outerJoinAnswersWhenItsWindowClosesWithTheSideThatCame(Transport transport) throws Exception {
        stack.pipeline("outer", pipeline("outer", """
                  steps:
                  - name: tfsimple1
                  - name: slow
                  output:
                    steps: [tfsimple1, slow]
                    stepsJoin: outer
                    joinWindowMs: 1500
                """));

        long started = System.nanoTime();
        Transport.Answer answer = transport.call(stack, "outer", TFSIMPLE_REQUEST);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.status()).as(answer.error()).isEqualTo(200);
        assertThat(answer.names()).containsExactly("OUTPUT0", "OUTPUT1");
        assertThat(tookMillis).as("the window, not the slow model's 20 s").isBetween(1_400L, 10_000L);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anyJoinAnswersWithTheFirstStepToAnswer(Transport transport) throws Exception {
        stack.pipeline("first-wins", pipeline("first-wins", """
                  steps:
                  - name: slow
                  - name: tfsimple1
                  output:
                    steps: [slow, tfsimple1]
                    stepsJoin: any
                """));

        long started = System.nanoTime();
        Transport.Answer answer = transport.call(stack, "first-wins", TFSIMPLE_REQUEST);

        assertThat(answer.output("OUTPUT0").ints()).containsExactly(DOUBLED);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000L);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void triggerRoutesEachRequestToTheStepWhoseTriggerCame(Transport transport) throws Exception {
        stack.pipeline("trigger-joins", pipeline("trigger-joins", """
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
                """));
        String request = "{\"inputs\":[{\"name\":\"%s\",\"data\":[1],\"datatype\":\"FP32\",\"shape\":[1]},"
                + "{\"name\":\"INPUT\",\"data\":" + ONE_TO_FOUR + ",\"datatype\":\"FP32\",\"shape\":[4]}]}";

        assertThat(transport.call(stack, "trigger-joins", request.formatted("ok1")).output("OUTPUT").floats())
                .containsExactly(10f, 20f, 30f, 40f);
        assertThat(transport.call(stack, "trigger-joins", request.formatted("ok3")).output("OUTPUT").floats())
                .containsExactly(11f, 12f, 13f, 14f);
    }

    @Test
    void pipelineReadsAnotherPipelinesAnswers() throws Exception {
        stack.pipeline("tfsimple", pipeline("tfsimple", """
                  steps:
                  - name: tfsimple1
                  output: {steps: [tfsimple1]}
                """));
        stack.pipeline("tfsimple-extended", pipeline("tfsimple-extended", """
                  input:
                    externalInputs: [tfsimple.outputs]
                    tensorMap: {tfsimple.outputs.OUTPUT0: INPUT0, tfsimple.outputs.OUTPUT1: INPUT1}
                  steps:
                  - name: tfsimple2
                  output: {steps: [tfsimple2]}
                """));
        String id = "p2p-" + UUID.randomUUID();

        HttpResponse<String> upstream = stack.infer(stack.gateway(), "tfsimple", TFSIMPLE_REQUEST,
                Map.of("x-request-id", id, "seldon-timeout", "20s"));

        assertThat(ints(upstream, "OUTPUT1")).containsOnly(0);
        ModelInferResponse downstream = ModelInferResponse.parseFrom(awaitRecord(
                stack.topics().pipelineOutputs("tfsimple-extended"), id).value());
        assertThat(Tensors.outputs(downstream).get(0).ints()).containsExactly(DOUBLED);
        assertThat(Tensors.outputs(downstream).get(1).ints()).containsExactly(DOUBLED);
    }

    @Test
    void batchSendsRequestsAsOneModelCallAndAnswersEachOnItsOwn() throws Exception {
        stack.pipeline("batched", pipeline("batched", """
                  steps:
                  - name: mul10
                    batch: {size: 2, windowMs: 10000}
                  output: {steps: [mul10]}
                """));
        double callsBefore = modelServerCalls("mul10");

        // the gateway spreads requests over its 2 partitions, and a batch collects the requests of one partition
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String row = "[[" + (i * 4 + 1) + "," + (i * 4 + 2) + "," + (i * 4 + 3) + "," + (i * 4 + 4) + "]]";
            answers.add(CompletableFuture.supplyAsync(() -> stack.infer("batched", input2d(row))));
        }

        for (int i = 0; i < 4; i++) {
            float first = (i * 4 + 1) * 10f;
            assertThat(floats(answers.get(i).get(30, TimeUnit.SECONDS), "OUTPUT"))
                    .containsExactly(first, first + 10, first + 20, first + 30);
        }
        assertThat(modelServerCalls("mul10") - callsBefore).as("one model call per partition's batch of two")
                .isEqualTo(2.0);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void loopPastMaxStepRevisitsEndsTheRequestSayingSo(Transport transport) throws Exception {
        stack.pipeline("loop", pipeline("loop", """
                  allowCycles: true
                  maxStepRevisits: 3
                  steps:
                  - name: add10
                    inputsJoinType: any
                    inputs: [loop.inputs.INPUT, add10.outputs.OUTPUT]
                    tensorMap: {add10.outputs.OUTPUT: INPUT}
                  - name: identity
                    inputs: [add10.outputs.OUTPUT]
                    triggers: [add10.outputs.done]
                  output: {steps: [identity]}
                """));

        Transport.Answer answer = transport.call(stack, "loop", input("INPUT", ONE_TO_FOUR));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).contains("pipeline 'loop'").contains("step 'add10'").contains("reached 5 times")
                .contains("maxStepRevisits=3");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void errorOfTheSecondStepIsA400NamingItLongBeforeTheJoinWindow(Transport transport) throws Exception {
        stack.pipeline("refusing", pipeline("refusing", """
                  steps:
                  - name: identity
                  - name: refuses
                    inputs: [identity]
                  output:
                    steps: [identity, refuses]
                    joinWindowMs: 30000
                """));

        long started = System.nanoTime();
        Transport.Answer answer = transport.call(stack, "refusing", input("INPUT", ONE_TO_FOUR));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).contains("refuses every request on purpose");
        if (transport != Transport.KAFKA) {
            // the gateway names the pipeline and step; over Kafka a client reads the model's error record as it is
            assertThat(answer.error()).contains("pipeline 'refusing': step 'refuses' (model 'refuses') failed");
        }
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000L);
    }

    @Test
    void kafkaClientWritingJsonToThePipelinesTopicGetsAJsonAnswer() throws Exception {
        stack.pipeline("over-kafka", pipeline("over-kafka", """
                  steps:
                  - name: tfsimple1
                  - name: tfsimple2
                    inputs: [tfsimple1]
                    tensorMap: {tfsimple1.outputs.OUTPUT0: INPUT0, tfsimple1.outputs.OUTPUT1: INPUT1}
                  output: {steps: [tfsimple2]}
                """));
        String id = "kafka-" + UUID.randomUUID();
        RecordHeaders headers = new RecordHeaders();
        SeldonHeaders.put(headers, SeldonHeaders.REQUEST_ID, id);
        SeldonHeaders.put(headers, SeldonHeaders.PIPELINE, "over-kafka");
        SeldonHeaders.put(headers, SeldonHeaders.INFER_TYPE, InferType.JSON_REQUEST.headerValue());
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<byte[], byte[]>(stack.topics().pipelineInputs("over-kafka"), null,
                    (byte[]) null, TFSIMPLE_REQUEST.getBytes(StandardCharsets.UTF_8), headers)).get(10, TimeUnit.SECONDS);
        }

        ConsumerRecord<byte[], byte[]> answer = awaitRecord(stack.topics().pipelineOutputs("over-kafka"), id);

        assertThat(SeldonHeaders.lastValue(answer.headers(), SeldonHeaders.INFER_TYPE))
                .contains(InferType.JSON_RESPONSE.headerValue());
        assertThat(Tensors.outputs(V2Json.parseResponse(answer.value())).get(0).ints()).containsExactly(DOUBLED);
    }

    @Test
    void updateUnderTrafficLosesNoRequestAndEndsOnTheNewVersion() throws Exception {
        stack.pipeline("updated", pipeline("updated", "  steps:\n  - name: add10\n  output: {steps: [add10]}\n"));
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        boolean updated = false;
        while (System.nanoTime() < until) {
            answers.add(CompletableFuture.supplyAsync(() -> stack.infer("updated", input("INPUT", ONE_TO_FOUR))));
            if (!updated && System.nanoTime() > until - Duration.ofSeconds(9).toNanos()) {
                HttpResponse<String> update = stack.send(stack.gateway(), "PUT", "/v1/pipelines/updated",
                        pipeline("updated", "  steps:\n  - name: mul10\n  output: {steps: [mul10]}\n"), Map.of());
                assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
                updated = true;
            }
            Thread.sleep(50);
        }

        List<List<Float>> values = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(40, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            values.add(floats(response, "OUTPUT"));
        }
        assertThat(values).allSatisfy(v -> assertThat(v).isIn(List.of(11f, 12f, 13f, 14f), List.of(10f, 20f, 30f, 40f)));
        assertThat(values.get(values.size() - 1)).containsExactly(10f, 20f, 30f, 40f);
        assertThat(values.get(0)).containsExactly(11f, 12f, 13f, 14f);
        assertThat(stack.body(stack.gateway(), "/v1/pipelines/updated")).contains("\"version\":2");
    }

    @Test
    void deletingAPipelineThatAsksForItRemovesItsTopics() throws Exception {
        stack.pipeline("doomed", pipeline("doomed", """
                  steps:
                  - name: add10
                  output: {steps: [add10]}
                  dataflow: {cleanTopicsOnDelete: true}
                """));
        assertThat(stack.infer("doomed", input("INPUT", ONE_TO_FOUR)).statusCode()).isEqualTo(200);
        Set<String> doomedTopics = Set.of(stack.topics().pipelineInputs("doomed"), stack.topics().pipelineOutputs("doomed"));

        HttpResponse<String> deleted = stack.send(stack.gateway(), "DELETE", "/v1/pipelines/doomed", null, Map.of());

        assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
        Eventually.until(Duration.ofSeconds(30), () -> "topics of 'doomed' deleted, left: " + topics(),
                () -> topics().stream().noneMatch(topic -> doomedTopics.contains(topic)
                        || topic.contains("seldon-dataflow-doomed-")));
        assertThat(stack.infer("doomed", input("INPUT", ONE_TO_FOUR)).statusCode()).isEqualTo(404);
        assertThat(topics()).as("the models' topics stay: other pipelines use them")
                .contains(stack.topics().modelInputs("add10"));
    }

    private static Set<String> topics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, DataflowStack.BOOTSTRAP))) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not list topics", e);
        }
    }

    private static double modelServerCalls(String model) {
        String metrics = stack.body(stack.modelServer(), "/q/metrics");
        return metrics.lines().filter(line -> line.startsWith("model_server_requests_total{")
                        && line.contains("model=\"" + model + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static ConsumerRecord<byte[], byte[]> awaitRecord(String topic, String requestId) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DataflowStack.BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (SeldonHeaders.requestId(record.headers()).filter(requestId::equals).isPresent()) {
                        return record;
                    }
                }
            }
            throw new AssertionError("no record for request " + requestId + " on " + topic + " within 30 s");
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DataflowStack.BOOTSTRAP),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    static String pipeline(String name, String spec) {
        return "apiVersion: mlops.seldon.io/v1alpha1\nkind: Pipeline\nmetadata:\n  name: " + name + "\nspec:\n" + spec;
    }

    private static String input(String name, String data) {
        return "{\"inputs\":[{\"name\":\"" + name + "\",\"data\":" + data + ",\"datatype\":\"FP32\",\"shape\":[4]}]}";
    }

    private static String input2d(String data) {
        return "{\"inputs\":[{\"name\":\"INPUT\",\"data\":" + data + ",\"datatype\":\"FP32\",\"shape\":[1,4]}]}";
    }

    private static List<Tensor> outputs(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Tensors.outputs(V2Json.parseResponse(answer.body()));
    }

    private static List<String> names(HttpResponse<String> answer) {
        return outputs(answer).stream().map(Tensor::name).toList();
    }

    private static int[] ints(HttpResponse<String> answer, String name) {
        return outputs(answer).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().ints();
    }

    private static List<Float> floats(HttpResponse<String> answer, String name) {
        float[] values = outputs(answer).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().floats();
        List<Float> list = new ArrayList<>();
        for (float value : values) {
            list.add(value);
        }
        return list;
    }
}
