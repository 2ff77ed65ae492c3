package io.seldonmesh.modelserver.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RestInferenceTest {

    static final String ONNX_ADD10_REQUEST = """
            {"id": "req-7", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}""";

    @Test
    void onnxAdd10ReturnsTheInputPlusTen() {
        load("onnx-add10");

        infer("onnx-add10", ONNX_ADD10_REQUEST)
                .statusCode(200)
                .header("x-request-id", "trace-1")
                .body("model_name", equalTo("onnx-add10"))
                .body("model_version", equalTo("1"))
                .body("id", equalTo("req-7"))
                .body("outputs[0].name", equalTo("output"))
                .body("outputs[0].datatype", equalTo("FP32"))
                .body("outputs[0].shape", contains(1, 4))
                .body("outputs[0].data", contains(11f, 12f, 13f, 14f));
    }

    @Test
    void builtinAdd10ReturnsTheInputPlusTenAlsoThroughItsVersionPath() {
        load("add10");
        String request = """
                {"inputs": [{"name": "INPUT", "shape": [1, 4], "datatype": "FP32", "data": [[0.5, -1, 100, 7]]}]}""";

        given().contentType(ContentType.JSON).body(request)
                .post("/v2/models/add10/versions/1/infer")
                .then().statusCode(200)
                .body("outputs[0].name", equalTo("OUTPUT"))
                .body("outputs[0].data", contains(10.5f, 9f, 110f, 17f));
    }

    @Test
    void irisClassifierReturnsProbabilitiesAndTheRequestedClassOnly() {
        load("onnx-iris");
        String request = """
                {"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32",
                             "data": [5.1, 3.5, 1.4, 0.2, 6.9, 3.1, 5.4, 2.1]}]}""";

        List<Float> probabilities = infer("onnx-iris", request).statusCode(200)
                .body("outputs.name", contains("probabilities", "label"))
                .body("outputs[1].datatype", equalTo("INT64"))
                .body("outputs[1].data", contains(0, 2))
                .extract().jsonPath().getList("outputs[0].data", Float.class);
        // logits of the first row are [2.2, 0.2, -4.2]
        double sum = Math.exp(2.2) + Math.exp(0.2) + Math.exp(-4.2);
        assertThat(probabilities).hasSize(6);
        assertThat((double) probabilities.get(0)).isCloseTo(Math.exp(2.2) / sum, org.assertj.core.api.Assertions.within(1e-5));
        assertThat((double) probabilities.get(1)).isCloseTo(Math.exp(0.2) / sum, org.assertj.core.api.Assertions.within(1e-5));

        infer("onnx-iris", request.replace("]}]}", "]}], \"outputs\": [{\"name\": \"label\"}]}"))
                .statusCode(200)
                .body("outputs.name", contains("label"))
                .body("outputs[0].data", contains(0, 2));
    }

    @Test
    void sumAndDiffAddsAndSubtracts() {
        load("sum-and-diff");
        infer("sum-and-diff", """
                {"inputs": [{"name": "INPUT0", "shape": [1, 4], "datatype": "INT32", "data": [1, 2, 3, 4]},
                            {"name": "INPUT1", "shape": [1, 4], "datatype": "INT32", "data": [10, 10, 10, 10]}]}""")
                .statusCode(200)
                .body("outputs[0].name", equalTo("OUTPUT0"))
                .body("outputs[0].data", contains(11, 12, 13, 14))
                .body("outputs[1].name", equalTo("OUTPUT1"))
                .body("outputs[1].data", contains(-9, -8, -7, -6));
    }

    /** Seldon's tfsimple request (samples/pipeline-examples.md) to the built-in standing in for Triton's simple model. */
    @Test
    void seldonTfsimpleRequestGetsTheSumAndTheDifference() {
        load("tfsimple1");
        String oneToSixteen = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]";
        infer("tfsimple1", "{\"inputs\":[{\"name\":\"INPUT0\",\"data\":" + oneToSixteen + ",\"datatype\":\"INT32\",\"shape\":[1,16]},"
                + "{\"name\":\"INPUT1\",\"data\":" + oneToSixteen + ",\"datatype\":\"INT32\",\"shape\":[1,16]}]}")
                .statusCode(200)
                .body("outputs.name", contains("OUTPUT0", "OUTPUT1"))
                .body("outputs[0].datatype", equalTo("INT32"))
                .body("outputs[0].shape", contains(1, 16))
                .body("outputs[0].data", contains(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32))
                .body("outputs[1].data", everyItem(equalTo(0)));
    }

    @Test
    void seldonAdd10AndMul10RequestsAreAnsweredInTheirUnbatchedShape() {
        load("add10");
        load("mul10");
        String seldonRequest = "{\"inputs\":[{\"name\":\"INPUT\",\"datatype\":\"FP32\",\"shape\":[4],\"data\":[1,2,3,4]}]}";

        infer("add10", seldonRequest).statusCode(200)
                .body("outputs[0].name", equalTo("OUTPUT"))
                .body("outputs[0].shape", contains(4))
                .body("outputs[0].data", contains(11f, 12f, 13f, 14f));
        infer("mul10", seldonRequest).statusCode(200)
                .body("outputs[0].name", equalTo("OUTPUT"))
                .body("outputs[0].shape", contains(4))
                .body("outputs[0].data", contains(10f, 20f, 30f, 40f));
    }

    @Test
    void seldonConditionalRequestIsAnsweredWithTheChosenOutputOnly() {
        load("conditional");
        String request = """
                {"inputs":[{"name":"CHOICE","data":[%d],"datatype":"INT32","shape":[1]},
                           {"name":"INPUT0","data":[1,2,3,4],"datatype":"FP32","shape":[4]},
                           {"name":"INPUT1","data":[5,6,7,8],"datatype":"FP32","shape":[4]}]}""";

        infer("conditional", request.formatted(0)).statusCode(200)
                .body("outputs.name", contains("OUTPUT0"))
                .body("outputs[0].data", contains(1f, 2f, 3f, 4f));
        infer("conditional", request.formatted(1)).statusCode(200)
                .body("outputs.name", contains("OUTPUT1"))
                .body("outputs[0].shape", contains(4))
                .body("outputs[0].data", contains(5f, 6f, 7f, 8f));
    }

    @Test
    void identityReturnsTextAndNumbersUnchanged() {
        load("identity");
        infer("identity", """
                {"inputs": [{"name": "text", "shape": [2], "datatype": "BYTES", "data": ["hello", "world"]},
                            {"name": "n", "shape": [3], "datatype": "INT64", "data": [1, -2, 3]}]}""")
                .statusCode(200)
                .body("outputs[0].data", contains("hello", "world"))
                .body("outputs[1].datatype", equalTo("INT64"))
                .body("outputs[1].data", contains(1, -2, 3));
    }

    @Test
    void sleepTakesItsConfiguredTime() {
        load("sleep");
        long started = System.nanoTime();
        infer("sleep", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}")
                .statusCode(200)
                .body("outputs[0].data", contains(1f));
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void failModelAnswersWithItsConfiguredStatusAndMessage() {
        load("fail");
        infer("fail", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}")
                .statusCode(503)
                .header("x-request-id", "trace-1")
                .body("error", equalTo("the fail model is configured to fail"));
    }

    @Test
    void wrongInputNameIsA400NamingExpectedAndReceived() {
        load("onnx-add10");
        infer("onnx-add10", ONNX_ADD10_REQUEST.replace("\"input\"", "\"INPUT\""))
                .statusCode(400)
                .body("error", equalTo("model 'onnx-add10' has no input 'INPUT': expected inputs [input FP32[-1,4]]"));
    }

    @Test
    void wrongDatatypeIsA400NamingExpectedAndReceived() {
        load("onnx-add10");
        infer("onnx-add10", ONNX_ADD10_REQUEST.replace("FP32", "FP64"))
                .statusCode(400)
                .body("error", equalTo("input 'input' of model 'onnx-add10': expected datatype FP32, received FP64"));
    }

    @Test
    void wrongShapeIsA400NamingExpectedAndReceived() {
        load("onnx-add10");
        infer("onnx-add10", ONNX_ADD10_REQUEST.replace("[1, 4]", "[2, 2]"))
                .statusCode(400)
                .body("error", equalTo("input 'input' of model 'onnx-add10': expected shape [-1,4], received [2,2]"));
    }

    @Test
    void raggedDataAndNumbersJsonCannotCarryAreA400NamingTheElement() {
        load("onnx-add10");
        infer("onnx-add10", ONNX_ADD10_REQUEST.replace("[1, 4]", "[2, 4]")
                .replace("[1, 2, 3, 4]", "[[1, 2, 3, 4, 5], [6, 7, 8]]"))
                .statusCode(400)
                .body("error", equalTo("invalid request for model 'onnx-add10': input 'input' data[0] has 5 elements "
                        + "where shape [2,4] needs 4; nested data must follow the shape at every depth (or send it "
                        + "flat, row-major)"));
        infer("onnx-add10", ONNX_ADD10_REQUEST.replace("[1, 2, 3, 4]", "[1, NaN, 3, 4]"))
                .statusCode(400)
                .body("error", equalTo("invalid request for model 'onnx-add10': input 'input' element 1 is the bare "
                        + "literal NaN, which is not JSON; FP32 data takes it as the string \"NaN\""));
        infer("onnx-add10", ONNX_ADD10_REQUEST.replace("[1, 2, 3, 4]", "[1, 2, 3, 1e39]"))
                .statusCode(400)
                .body("error", equalTo("invalid request for model 'onnx-add10': input 'input' element 3 is 1.0E39, "
                        + "outside the FP32 range -3.4028235E38..3.4028235E38"));
    }

    @Test
    void nanSentAsAStringIsDataAndComesBackAsAString() {
        load("onnx-add10");
        infer("onnx-add10", ONNX_ADD10_REQUEST.replace("[1, 2, 3, 4]", "[\"NaN\", 2, \"-Infinity\", 4]"))
                .statusCode(200)
                .body("outputs[0].data[0]", equalTo("NaN"))
                .body("outputs[0].data[2]", equalTo("-Infinity"));
    }

    @Test
    void unreadableBodyIsA400() {
        load("onnx-add10");
        infer("onnx-add10", "{\"inputs\": [{\"name\": \"input\"")
                .statusCode(400)
                .body("error", containsString("invalid request for model 'onnx-add10': "));
        infer("onnx-add10", ONNX_ADD10_REQUEST.replace("[1, 2, 3, 4]", "[1, 2, 3]"))
                .statusCode(400)
                .body("error", containsString("'input'"));
    }

    @Test
    void unknownModelIsA404() {
        infer("no-such-model", ONNX_ADD10_REQUEST)
                .statusCode(404)
                .body("error", equalTo("model 'no-such-model' is not loaded on this server; load it through the"
                        + " repository API (POST /v2/repository/models/no-such-model/load)"));
        given().post("/v2/repository/models/no-such-model/load").then()
                .statusCode(404)
                .body("error", containsString("model 'no-such-model' not found: there is no directory"));
        given().get("/v2/models/no-such-model/ready").then().statusCode(404);
    }

    @Test
    void modelThatFailsToLoadIsReportedEverywhere() {
        given().post("/v2/repository/models/broken/load").then()
                .statusCode(400)
                .body("error", containsString("unknown implementation 'no-such-runtime' for model 'broken'"));

        given().get("/v2/models/broken/ready").then()
                .statusCode(400)
                .body("name", equalTo("broken"))
                .body("ready", equalTo(false));
        infer("broken", ONNX_ADD10_REQUEST).statusCode(503)
                .body("error", containsString("model 'broken' is not ready: "));
        given().contentType(ContentType.JSON).body("{}").post("/v2/repository/index").then()
                .statusCode(200)
                .body("find { it.name == 'broken' }.state", equalTo("UNAVAILABLE"))
                .body("find { it.name == 'broken' }.reason", containsString("no-such-runtime"));
    }

    @Test
    void metadataDescribesTheLoadedModel() {
        load("onnx-iris");
        given().get("/v2/models/onnx-iris").then()
                .statusCode(200)
                .body("name", equalTo("onnx-iris"))
                .body("versions", contains("1"))
                .body("platform", equalTo("onnxruntime_onnx"))
                .body("inputs[0].name", equalTo("input"))
                .body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", contains(-1, 4))
                .body("outputs.name", contains("probabilities", "label"))
                .body("outputs[1].shape", contains(-1));
        given().get("/v2/models/onnx-iris/versions/1").then().statusCode(200);
        given().get("/v2/models/onnx-iris/versions/2").then()
                .statusCode(404)
                .body("error", equalTo("model 'onnx-iris' version '2' is not loaded; the loaded version is '1'"));
    }

    @Test
    void unloadedModelIsGone() {
        load("identity");
        given().get("/v2/models/identity/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/identity/versions/1/ready").then().statusCode(200);

        given().post("/v2/repository/models/identity/unload").then().statusCode(200);

        given().get("/v2/models/identity/ready").then().statusCode(404);
        infer("identity", ONNX_ADD10_REQUEST).statusCode(404);
        given().contentType(ContentType.JSON).body("{\"ready\": true}").post("/v2/repository/index").then()
                .statusCode(200)
                .body("name", org.hamcrest.Matchers.not(hasItem("identity")));
        given().post("/v2/repository/models/identity/unload").then().statusCode(404);
    }

    @Test
    void indexListsModelsOnDiskAndTheirState() {
        load("onnx-add10");
        given().post("/v2/repository/index").then()
                .statusCode(200)
                .body("find { it.name == 'onnx-add10' }.state", equalTo("READY"))
                .body("find { it.name == 'onnx-add10' }.version", equalTo("1"))
                .body("name", hasItem("sum-and-diff"));
    }

    @Test
    void serverHealthAndMetadata() {
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        String instance = given().get("/v2").then().statusCode(200)
                .body("name", equalTo("seldon-mesh-model-server"))
                .body("extensions", contains("model_repository"))
                .body("instance_id", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("instance_id");
        given().get("/v2").then().body("instance_id", equalTo(instance));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'model-server' }.data.modelsRoot", endsWith("src/test/resources/models"));
    }

    @Test
    void doctorEndpointChecksTheModelsRootTheServerUses() {
        String report = given().get("/q/doctor").then().statusCode(200).extract().asString();

        assertThat(report).startsWith("doctor for model-server").contains("OK   models-root").contains("onnx-add10")
                .contains("OK   onnx-runtime");
    }

    @Test
    void metricsCountRequestsPerModelAndOutcome() {
        load("onnx-add10");
        infer("onnx-add10", ONNX_ADD10_REQUEST).statusCode(200);
        infer("onnx-add10", ONNX_ADD10_REQUEST.replace("FP32", "INT32")).statusCode(400);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("model_server_requests_total\\{model=\"onnx-add10\",outcome=\"success\"} [1-9]")
                .containsPattern("model_server_requests_total\\{model=\"onnx-add10\",outcome=\"invalid_input\"} [1-9]")
                .contains("model_server_request_duration_seconds_bucket{model=\"onnx-add10\"")
                .containsPattern("model_server_models_loaded [1-9]");
    }

    static void load(String model) {
        given().post("/v2/repository/models/" + model + "/load").then().statusCode(200);
    }

    static ValidatableResponse infer(String model, String body) {
        return given().contentType(ContentType.JSON).header("x-request-id", "trace-1").body(body)
                .post("/v2/models/" + model + "/infer").then();
    }
}
