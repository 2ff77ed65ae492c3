package io.seldonmesh.pipelinegateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ControlApiTest {

    private static Declarations kafka;

    @BeforeEach
    void connect() {
        if (kafka == null) {
            kafka = new Declarations();
        }
    }

    @AfterAll
    static void close() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void doctorEndpointChecksEveryLayerWithTheRunningGatewaysSettings() {
        String report = given().get("/q/doctor").then().statusCode(200).extract().asString();

        assertThat(report).startsWith("doctor for pipeline-gateway").contains("OK   cluster")
                .contains("OK   access         topic ").contains(".control.pipelines");
    }

    @Test
    void modelResourceInYamlIsWrittenToTheControlTopicAndShownWithItsStatus() {
        given().body(Declarations.modelYaml("iris")).put("/v1/models/iris")
                .then().statusCode(201)
                .body("kind", equalTo("Model"))
                .body("metadata.name", equalTo("iris"))
                .body("spec.storageUri", equalTo("s3://models/iris"))
                .body("status.ready", equalTo(false));

        ConsumerRecord<byte[], byte[]> record = lastRecord(kafka.topics().controlModels(), "iris");
        Model written = Model.fromControlRecord(record.key(), record.value());
        assertThat(written).isEqualTo(Model.parse(Declarations.modelYaml("iris")));

        kafka.status().model("iris", ModelState.AVAILABLE, null);
        Eventually.until(Duration.ofSeconds(10), () -> "iris shown Available",
                () -> given().get("/v1/models/iris").then().extract().body().asString().contains("Available"));
        given().get("/v1/models/iris").then().statusCode(200)
                .body("status.ready", equalTo(true))
                .body("status.replicas.server-0.state", equalTo("Available"));
        given().get("/v1/models").then().statusCode(200).body("metadata.name", hasItem("iris"));
        given().body(Declarations.modelYaml("iris")).put("/v1/models/iris").then().statusCode(200);
    }

    @Test
    void postCreatesUnderMetadataNameAndRefusesWhatIsDeclaredWith409() {
        given().body(Declarations.modelYaml("posted")).post("/v1/models")
                .then().statusCode(201)
                .header("Location", endsWith("/v1/models/posted"))
                .body("metadata.name", equalTo("posted"));
        assertThat(Model.fromControlRecord(lastRecord(kafka.topics().controlModels(), "posted").key(),
                lastRecord(kafka.topics().controlModels(), "posted").value()).name()).isEqualTo("posted");

        given().body(Declarations.modelYaml("posted")).post("/v1/models")
                .then().statusCode(409)
                .body("error", equalTo("model 'posted' is declared already: PUT /v1/models/posted replaces it,"
                        + " DELETE removes it"));
        given().body("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: posted-pipeline
                spec:
                  steps:
                  - name: posted
                """).post("/v1/pipelines").then().statusCode(201).header("Location", endsWith("/v1/pipelines/posted-pipeline"));
        given().body("spec: {steps: [{name: posted}]}").post("/v1/pipelines")
                .then().statusCode(400).body("error", containsString("metadata.name"));
    }

    @Test
    void modelResourceInJsonIsAccepted() {
        given().contentType("application/json").body("""
                {"apiVersion":"mlops.seldon.io/v1alpha1","kind":"Model","metadata":{"name":"json-model"},
                 "spec":{"storageUri":"gs://seldon-models/iris","requirements":["sklearn"],"memory":"100Ki"}}""")
                .put("/v1/models/json-model")
                .then().statusCode(201).body("spec.memory", equalTo("100Ki"));
    }

    /** Seldon's income explainer: refused at once, saying why and what to do, instead of a LoadFailed later. */
    @Test
    void explainerIsRefusedSayingItIsNotRunHere() {
        String explainer = """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: income-explainer
                spec:
                  storageUri: "gs://seldon-models/scv2/samples/mlserver_1.3.5/income-sklearn/anchor-explainer"
                  explainer:
                    type: anchor_tabular
                    modelRef: income
                """;
        for (var request : List.of(given().body(explainer).put("/v1/models/income-explainer"),
                given().body(explainer).post("/v1/models"))) {
            request.then().statusCode(400)
                    .body("problems[0].path", equalTo("spec.explainer"))
                    .body("problems[0].problem", containsString("explainers are not run here"))
                    .body("problems[0].problem", containsString("('income', spec.explainer.modelRef)"));
        }
        given().get("/v1/models/income-explainer").then().statusCode(404);
    }

    @Test
    void invalidModelIsRejectedNamingTheField() {
        given().body("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: bad
                spec:
                  requirements:
                  - sklearn
                """).put("/v1/models/bad")
                .then().statusCode(400)
                .body("error", containsString("spec.storageUri: missing"))
                .body("problems[0].path", equalTo("spec.storageUri"));
        given().get("/v1/models/bad").then().statusCode(404);
    }

    @Test
    void aNameKubernetesWouldRefuseIsRefusedWithTheRuleAndNoTopicIsCreated() {
        given().body(Declarations.modelYaml("IRIS2")).put("/v1/models/IRIS2")
                .then().statusCode(400)
                .body("problems[0].path", equalTo("metadata.name"))
                .body("problems[0].problem", containsString("DNS-1123"))
                .body("problems[0].problem", containsString("(e.g. 'iris2')"));
        given().get("/v1/models/IRIS2").then().statusCode(404);
    }

    @Test
    void aSpecLargerThanAKafkaRecordIsA413NamingBothSizesNotA503() {
        String parameters = IntStream.range(0, 2_000).mapToObj(i -> "  - {name: p" + i + ", value: '"
                + "x".repeat(40) + "'}").collect(Collectors.joining("\n"));
        given().body("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: huge
                spec:
                  storageUri: s3://models/huge
                  parameters:
                """ + parameters + "\n").put("/v1/models/huge")
                .then().statusCode(413)
                .body("error", containsString("the spec of 'huge' is "))
                .body("error", containsString("more than KAFKA_MESSAGE_MAX_BYTES = "
                        + KafkaTestResource.MESSAGE_MAX_BYTES + " bytes"));
        given().get("/v1/models/huge").then().statusCode(404);
    }

    @Test
    void resourceSentUnderAnotherNameIsRejectedNamingMetadataName() {
        given().body(Declarations.modelYaml("iris")).put("/v1/models/other")
                .then().statusCode(400)
                .body("problems[0].path", equalTo("metadata.name"))
                .body("problems[0].problem", containsString("'iris' differs from the name 'other'"));
    }

    @Test
    void pipelineResourceIsWrittenAndShownWithTheReadinessOfItsModels() {
        given().body("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: two-steps
                spec:
                  steps:
                  - name: first
                  - name: second
                    inputs:
                    - first
                  output:
                    steps:
                    - second
                """).put("/v1/pipelines/two-steps")
                .then().statusCode(201)
                .body("kind", equalTo("Pipeline"))
                .body("spec.steps[1].inputs[0]", equalTo("first"))
                .body("status.ready", equalTo(false))
                .body("status.models.first", equalTo(false));
        assertThat(lastRecord(kafka.topics().controlPipelines(), "two-steps").value()).isNotNull();
    }

    @Test
    void invalidPipelineIsRejectedNamingTheStep() {
        given().body("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: broken-pipeline
                spec:
                  steps:
                  - name: first
                    inputs:
                    - nowhere.outputs
                """).put("/v1/pipelines/broken-pipeline")
                .then().statusCode(400)
                .body("problems[0].path", containsString("spec.steps[0].inputs[0]"));
    }

    @Test
    void deletedModelBecomesATombstoneAndIsGone() {
        given().body(Declarations.modelYaml("short-lived")).put("/v1/models/short-lived").then().statusCode(201);
        given().delete("/v1/models/short-lived").then().statusCode(200).body("metadata.name", equalTo("short-lived"));

        assertThat(lastRecord(kafka.topics().controlModels(), "short-lived").value()).isNull();
        given().get("/v1/models/short-lived").then().statusCode(404);
        given().delete("/v1/models/short-lived").then().statusCode(404);
    }

    private static ConsumerRecord<byte[], byte[]> lastRecord(String topic, String key) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "control-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> matching = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        matching.add(record);
                    }
                });
                if (!matching.isEmpty() && consumer.assignment().stream()
                        .allMatch(p -> consumer.position(p) >= consumer.endOffsets(List.of(p)).get(p))) {
                    return matching.get(matching.size() - 1);
                }
            }
            throw new AssertionError("no record with key '" + key + "' on " + topic);
        }
    }
}
