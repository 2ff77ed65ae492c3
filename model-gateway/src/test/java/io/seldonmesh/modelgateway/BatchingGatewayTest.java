package io.seldonmesh.modelgateway;

import static io.restassured.RestAssured.given;
import static io.seldonmesh.modelgateway.testing.KafkaTestClient.record;
import static io.seldonmesh.modelgateway.testing.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.seldonmesh.common.kafka.TopicNames;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway with {@code MODELGATEWAY_MAX_BATCH_SIZE} on, against the real broker and model server: requests read
 * together go to the identity model as one call, and every request still gets exactly its own answer, headers and
 * place in its partition's order.
 */
@QuarkusTest
@TestProfile(BatchingGatewayTest.Batching.class)
@WithTestResource(GatewayTestResource.class)
class BatchingGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TopicNames TOPICS = TopicNames.of("seldon", GatewayTestResource.NAMESPACE);
    private static final String MODEL = "batched";
    private static KafkaTestClient kafka;

    public static class Batching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("MODELGATEWAY_MAX_BATCH_SIZE", "16");
        }
    }

    @BeforeAll
    static void topicsAndStatus() {
        kafka = new KafkaTestClient(SharedServers.kafka(), TOPICS);
        kafka.createModelTopics(MODEL, 3, Map.of());
        kafka.publishStatus(MODEL, ModelState.AVAILABLE, null);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void requestsReadTogetherAreCalledAsABatchAndEachGetsItsOwnAnswer() {
        String prefix = UUID.randomUUID().toString().replace("-", "") + "-";
        int count = 600;
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            boolean json = i % 50 == 0;
            byte[] value = json ? Requests.fp32Json(id, i, i + 0.5f).getBytes(StandardCharsets.UTF_8)
                    : Requests.fp32(id, i, i + 0.5f).toByteArray();
            kafka.sendAsync(json
                    ? record(TOPICS.modelInputs(MODEL), i % 3, id, value, "x-request-id", id, "x-n", "n" + i,
                            "seldon-infer-type", "json/inferModelRequest")
                    : record(TOPICS.modelInputs(MODEL), i % 3, id, value, "x-request-id", id, "x-n", "n" + i));
        }
        kafka.flush();

        List<ConsumerRecord<byte[], byte[]>> outputs = kafka.await(TOPICS.modelOutputs(MODEL),
                r -> text(r.key()).startsWith(prefix), count, WAIT);

        assertThat(outputs).hasSize(count);
        Map<Integer, List<Integer>> orderByPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> output : outputs) {
            String id = text(output.key());
            int i = Integer.parseInt(id.substring(prefix.length()));
            boolean json = i % 50 == 0;
            ModelInferResponse response = json ? V2Json.parseResponse(output.value())
                    : parse(output.value());
            assertThat(response.getId()).as("id of %s", id).isEqualTo(id);
            assertThat(response.getOutputs(0).getShapeList()).containsExactly(1L, 2L);
            assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).as("values of %s", id)
                    .containsExactly((float) i, i + 0.5f);
            assertThat(output.partition()).isEqualTo(i % 3);
            assertThat(output.headers().headers("x-request-id")).hasSize(1);
            assertThat(header(output, "x-request-id")).isEqualTo(id);
            assertThat(header(output, "x-n")).isEqualTo("n" + i);
            assertThat(header(output, "seldon-infer-type")).isEqualTo(json ? "json/inferModelResponse" : null);
            orderByPartition.computeIfAbsent(output.partition(), p -> new ArrayList<>()).add(i);
        }
        orderByPartition.values().forEach(order -> assertThat(order).isSorted());

        Matcher batches = Pattern.compile("model_gateway_batch_size_count\\{model=\"" + MODEL + "\"[^}]*} (\\S+)")
                .matcher(metrics());
        assertThat(batches.find()).as("batch metric in /q/metrics").isTrue();
        assertThat(Double.parseDouble(batches.group(1))).as("model calls that carried a batch").isPositive();
        Matcher largest = Pattern.compile("model_gateway_batch_size_max\\{model=\"" + MODEL + "\"[^}]*} (\\S+)")
                .matcher(metrics());
        assertThat(largest.find()).isTrue();
        assertThat(Double.parseDouble(largest.group(1))).isBetween(2.0, 16.0);
    }

    @Test
    void requestsThatDoNotStackAreStillAnsweredOneByOne() {
        String prefix = UUID.randomUUID().toString().replace("-", "") + "-";
        for (int i = 0; i < 40; i++) {
            float[] values = i % 2 == 0 ? new float[] {i} : new float[] {i, i, i};
            kafka.sendAsync(record(TOPICS.modelInputs(MODEL), 0, prefix + i, Requests.fp32(prefix + i, values)
                    .toByteArray()));
        }
        kafka.flush();

        List<ConsumerRecord<byte[], byte[]>> outputs = kafka.await(TOPICS.modelOutputs(MODEL),
                r -> text(r.key()).startsWith(prefix), 40, WAIT);

        for (int i = 0; i < 40; i++) {
            ModelInferResponse response = parse(outputs.get(i).value());
            assertThat(response.getId()).isEqualTo(prefix + i);
            assertThat(response.getOutputs(0).getContents().getFp32ContentsCount()).isEqualTo(i % 2 == 0 ? 1 : 3);
        }
    }

    private static ModelInferResponse parse(byte[] value) {
        try {
            return ModelInferResponse.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("output is not a ModelInferResponse", e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
