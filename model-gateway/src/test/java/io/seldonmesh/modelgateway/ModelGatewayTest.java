package io.seldonmesh.modelgateway;

import static io.restassured.RestAssured.given;
import static io.seldonmesh.modelgateway.testing.KafkaTestClient.record;
import static io.seldonmesh.modelgateway.testing.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.modelgateway.core.Requests;
import io.seldonmesh.modelgateway.testing.GatewayTestResource;
import io.seldonmesh.modelgateway.testing.KafkaTestClient;
import io.seldonmesh.testkit.SharedServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway in this JVM against a real broker and the real model server (gRPC): requests written to model input
 * topics, answers read from the outputs and errors topics.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class ModelGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicNames TOPICS = TopicNames.of("seldon", GatewayTestResource.NAMESPACE);
    private static KafkaTestClient kafka;

    @BeforeAll
    static void topicsAndStatus() {
        kafka = new KafkaTestClient(SharedServers.kafka(), TOPICS);
        kafka.createModelTopics("echo", 3, Map.of());
        kafka.createModelTopics("tiny-outputs", 1, Map.of("max.message.bytes", "3000"));
        kafka.createModelTopics("toggled", 1, Map.of());
        for (String model : List.of("echo", "fails", "flaky", "rejects", "tiny-outputs")) {
            kafka.publishStatus(model, ModelState.AVAILABLE, null);
        }
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    private static String key(String model) {
        return "0." + model + "." + UUID.randomUUID().toString().replace("-", "");
    }

    private static ConsumerRecord<byte[], byte[]> awaitOne(String topic, String key) {
        return kafka.await(topic, r -> key.equals(text(r.key())), 1, WAIT).get(0);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void doctorEndpointChecksEveryLayerWithTheRunningGatewaysSettings() {
        String report = given().get("/q/doctor").then().statusCode(200).extract().asString();

        assertThat(report).startsWith("doctor for model-gateway").contains("OK   cluster")
                .contains("OK   access         topic " + TOPICS.statusModels());
    }

    @Test
    void protobufRequestIsAnsweredOnItsPartitionWithItsKeyAndHeaders() throws Exception {
        String key = key("echo");
        kafka.send(record(TOPICS.modelInputs("echo"), 2, key, Requests.fp32("r-proto", 1, 2, 3).toByteArray(),
                "x-request-id", "r-proto", "pipeline", "demo", "x-tenant", "acme"));

        ConsumerRecord<byte[], byte[]> output = awaitOne(TOPICS.modelOutputs("echo"), key);

        assertThat(output.partition()).isEqualTo(2);
        assertThat(header(output, "pipeline")).isEqualTo("demo");
        assertThat(header(output, "x-tenant")).isEqualTo("acme");
        assertThat(output.headers().headers("x-request-id")).hasSize(1);
        assertThat(header(output, "x-request-id")).isEqualTo("r-proto");
        ModelInferResponse response = ModelInferResponse.parseFrom(output.value());
        assertThat(response.getModelName()).isEqualTo("echo");
        assertThat(response.getId()).isEqualTo("r-proto");
        assertThat(response.getOutputs(0).getName()).isEqualTo("input");
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f, 3f);
    }

    @Test
    void jsonRequestIsAnsweredInJson() {
        String key = key("echo");
        kafka.send(record(TOPICS.modelInputs("echo"), 0, key,
                Requests.fp32Json("r-json", 4, 5).getBytes(StandardCharsets.UTF_8),
                "seldon-infer-type", "json/inferModelRequest"));

        ConsumerRecord<byte[], byte[]> output = awaitOne(TOPICS.modelOutputs("echo"), key);

        assertThat(header(output, "seldon-infer-type")).isEqualTo("json/inferModelResponse");
        ModelInferResponse response = V2Json.parseResponse(output.value());
        assertThat(response.getId()).isEqualTo("r-json");
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(4f, 5f);
    }

    @Test
    void answersOfOnePartitionKeepTheOrderOfTheRequests() {
        String prefix = key("echo") + "-";
        for (int i = 0; i < 300; i++) {
            kafka.sendAsync(record(TOPICS.modelInputs("echo"), 1, prefix + i, Requests.fp32("o" + i, i).toByteArray()));
        }
        kafka.flush();

        List<ConsumerRecord<byte[], byte[]>> outputs = kafka.await(TOPICS.modelOutputs("echo"),
                r -> text(r.key()).startsWith(prefix), 300, WAIT);

        List<String> keys = new ArrayList<>();
        outputs.forEach(r -> keys.add(text(r.key())));
        for (int i = 0; i < 300; i++) {
            assertThat(keys.get(i)).isEqualTo(prefix + i);
        }
        assertThat(outputs).allMatch(r -> r.partition() == 1);
    }

    @Test
    void serverErrorIsRetriedThenAnsweredWithAnErrorRecord() {
        String key = key("fails");
        kafka.send(record(TOPICS.modelInputs("fails"), null, key, Requests.fp32("r-500", 1).toByteArray(),
                "x-request-id", "r-500"));

        ConsumerRecord<byte[], byte[]> error = awaitOne(TOPICS.errors(), key);

        assertThat(header(error, "seldon-pipeline-errors")).isEqualTo("fails");
        ErrorRecord parsed = ErrorRecord.parse(error);
        assertThat(parsed.model()).isEqualTo("fails");
        assertThat(parsed.requestId()).isEqualTo("r-500");
        assertThat(parsed.status()).isEqualTo("INTERNAL");
        assertThat(parsed.message()).contains("(3 attempts)").contains("model exploded");
        assertThat(parsed.action()).contains("request r-500");
        assertThat(metrics()).contains("model_gateway_requests_retried_total{model=\"fails\"}");
    }

    @Test
    void transientFailureIsRetriedUntilTheModelAnswers() {
        String first = key("flaky");
        String second = key("flaky");
        kafka.send(record(TOPICS.modelInputs("flaky"), null, first, Requests.fp32("f1", 1).toByteArray()));
        kafka.send(record(TOPICS.modelInputs("flaky"), null, second, Requests.fp32("f2", 2).toByteArray()));

        awaitOne(TOPICS.modelOutputs("flaky"), first);
        awaitOne(TOPICS.modelOutputs("flaky"), second);
        assertThat(metrics()).contains("model_gateway_requests_retried_total{model=\"flaky\"}");
    }

    @Test
    void rejectedRequestIsAnsweredWithAnErrorRecordWithoutRetrying() {
        String key = key("rejects");
        kafka.send(record(TOPICS.modelInputs("rejects"), null, key, Requests.fp32("r-400", 1).toByteArray()));

        ErrorRecord error = ErrorRecord.parse(awaitOne(TOPICS.errors(), key));

        assertThat(error.status()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.message()).contains("rejected the request").contains("input 'input' must be INT64")
                .doesNotContain("attempts");
    }

    @Test
    void garbageInputIsAnsweredWithAnErrorRecordAndTheNextRequestIsStillServed() {
        String garbage = key("echo");
        String good = key("echo");
        kafka.send(record(TOPICS.modelInputs("echo"), 0, garbage, new byte[] {(byte) 0xff, 0x13, 0x37, 0x00}));
        kafka.send(record(TOPICS.modelInputs("echo"), 0, good, Requests.fp32("after-garbage", 9).toByteArray()));

        ErrorRecord error = ErrorRecord.parse(awaitOne(TOPICS.errors(), garbage));
        ConsumerRecord<byte[], byte[]> output = awaitOne(TOPICS.modelOutputs("echo"), good);

        assertThat(error.status()).isEqualTo("INVALID_INPUT");
        assertThat(error.message()).contains("is not a V2 ModelInferRequest protobuf")
                .contains(TOPICS.modelInputs("echo") + "-0 offset");
        assertThat(output.value()).isNotEmpty();
    }

    @Test
    void outputTheBrokerRefusesAsTooLargeIsAnsweredWithAnErrorRecordNamingBothSizes() {
        String key = key("tiny-outputs");
        kafka.send(record(TOPICS.modelInputs("tiny-outputs"), null, key,
                Requests.fp32("r-big", new float[1000]).toByteArray(), "x-request-id", "r-big"));

        ErrorRecord error = ErrorRecord.parse(awaitOne(TOPICS.errors(), key));

        assertThat(error.status()).isEqualTo("MESSAGE_TOO_LARGE");
        assertThat(error.message()).startsWith("response of model 'tiny-outputs' to request 'r-big' is ")
                .contains("larger than max.message.bytes of topic " + TOPICS.modelOutputs("tiny-outputs")
                        + " = 2.9 KiB (3000 bytes)");
    }

    @Test
    void modelIsServedOnlyWhileItIsAvailable() {
        String early = key("toggled");
        kafka.send(record(TOPICS.modelInputs("toggled"), null, early, Requests.fp32("early", 1).toByteArray()));
        assertThatThrownBy(() -> kafka.await(TOPICS.modelOutputs("toggled"), r -> early.equals(text(r.key())), 1,
                Duration.ofSeconds(2))).isInstanceOf(AssertionError.class);

        kafka.publishStatus("toggled", ModelState.AVAILABLE, new Endpoints(null, "ignored:1"));
        awaitOne(TOPICS.modelOutputs("toggled"), early);

        kafka.publishStatus("toggled", ModelState.UNLOADED, null);
        String late = key("toggled");
        waitForUnsubscription();
        kafka.send(record(TOPICS.modelInputs("toggled"), null, late, Requests.fp32("late", 2).toByteArray()));
        assertThatThrownBy(() -> kafka.await(TOPICS.modelOutputs("toggled"), r -> late.equals(text(r.key())), 1,
                Duration.ofSeconds(2))).isInstanceOf(AssertionError.class);

        kafka.publishStatus("toggled", ModelState.AVAILABLE, null);
        awaitOne(TOPICS.modelOutputs("toggled"), late);
    }

    @Test
    void gatewayIsReadyAndPublishesMetricsPerModel() {
        given().get("/q/health/ready").then().statusCode(200);
        String key = key("echo");
        kafka.send(record(TOPICS.modelInputs("echo"), 0, key, Requests.fp32("m", 1).toByteArray()));
        awaitOne(TOPICS.modelOutputs("echo"), key);

        assertThat(metrics())
                .contains("model_gateway_requests_consumed_total{model=\"echo\"}")
                .contains("model_gateway_requests_succeeded_total{model=\"echo\"}")
                .contains("model_gateway_request_duration_seconds_bucket{model=\"echo\"")
                .contains("model_gateway_model_call_duration_seconds_count{model=\"echo\"}")
                .contains("model_gateway_requests_in_flight{model=\"echo\"}");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The gateway acts on status within a poll; give the rebalance that unsubscribes time to finish. */
    private static void waitForUnsubscription() {
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
