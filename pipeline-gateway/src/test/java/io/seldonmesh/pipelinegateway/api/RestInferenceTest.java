package io.seldonmesh.pipelinegateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.seldonmesh.common.kafka.RequestKey;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import io.seldonmesh.pipelinegateway.ModelResponder;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class RestInferenceTest {

    static final String REQUEST = """
            {"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""";
    static final String MODEL_MESSAGE = "input 'x' has shape [1,4] but model 'broken' expects [1,3]";

    /** Model, error record status (as model-gateway writes it), the HTTP status a caller must get. */
    static final String[][] SERVER_SIDE_FAILURES = {
            {"unreachable", "UNREACHABLE", "502"},
            {"unloaded", "404", "503"},
            {"unserved", "NOT_SERVED", "503"},
            {"slow", "TIMEOUT", "504"},
            {"overloaded", "429", "429"},
            {"crashing", "500", "500"},
            {"grpc-crashing", "INTERNAL", "500"},
            {"too-large", "MESSAGE_TOO_LARGE", "413"},
            {"picky", "422", "422"}};

    private static Declarations kafka;
    private static ModelResponder echo;

    @BeforeEach
    void declareOnce() {
        if (kafka != null) {
            return;
        }
        kafka = new Declarations();
        kafka.availableModel("echo");
        kafka.availableModel("broken");
        kafka.availableModel("silent");
        kafka.availableModel("transactional");
        kafka.readyPipeline("chain", "echo");
        echo = kafka.echoModel("echo");
        kafka.transactionalModel("transactional");
        kafka.failingModel("broken", MODEL_MESSAGE);
        for (String[] failing : SERVER_SIDE_FAILURES) {
            kafka.availableModel(failing[0]);
            kafka.failingModel(failing[0], failing[1], "model server said: " + failing[0]);
        }
        kafka.echoPipeline("chain");
    }

    @AfterAll
    static void stopResponders() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void singleModelRequestIsAnsweredThroughKafkaWithTensorsAndHeaders() {
        given().contentType("application/json").header("x-request-id", "req-1").header("X-Tenant", "acme")
                .body(REQUEST)
                .post("/v2/models/echo/infer")
                .then().statusCode(200)
                .body("model_name", equalTo("echo"))
                .body("outputs[0].name", equalTo("x"))
                .body("outputs[0].data", equalTo(List.of(1.0f, 2.0f, 3.0f, 4.0f)))
                .header(ModelResponder.ANSWERED_BY, "echo")
                .header("x-request-id", "req-1")
                .header("x-tenant", "acme");

        ConsumerRecord<byte[], byte[]> sent = echo.received().stream()
                .filter(r -> SeldonHeaders.requestId(r.headers()).orElse("").equals("req-1")).findFirst().orElseThrow();
        RequestKey key = RequestKey.parse(sent.key());
        assertThat(key.resource()).isEqualTo("echo");
        assertThat(key.requestId()).isEqualTo("req-1");
        assertThat(key.partition()).isEqualTo(sent.partition());
        assertThat(SeldonHeaders.lastValue(sent.headers(), SeldonHeaders.PIPELINE)).contains("echo");
        assertThat(SeldonHeaders.lastValue(sent.headers(), "x-tenant")).contains("acme");
    }

    @Test
    void everyHopOfTheRouteTrailReachesTheCallerInOrder() {
        List<String> route = given().contentType("application/json").header("x-seldon-route", ":upstream_2:")
                .body(REQUEST)
                .post("/v2/models/echo/infer")
                .then().statusCode(200)
                .extract().headers().getValues("x-seldon-route");

        assertThat(route).containsExactly(":upstream_2:", ":echo_1:");
    }

    @Test
    void anAnswerOfAnAbortedTransactionNeverReachesTheCaller() {
        for (int i = 0; i < 5; i++) {
            given().contentType("application/json").body(REQUEST)
                    .post("/v2/models/transactional/infer")
                    .then().statusCode(200)
                    .header(ModelResponder.ANSWERED_BY, "transactional")
                    .body("outputs[0].data", equalTo(List.of(1.0f, 2.0f, 3.0f, 4.0f)));
        }
    }

    @Test
    void requestWithoutRequestIdGetsOneGenerated() {
        String id = given().contentType("application/json").body(REQUEST).post("/v2/models/echo/infer")
                .then().statusCode(200).extract().header("x-request-id");
        assertThat(id).isNotBlank().doesNotContain(".");
    }

    @Test
    void requestsAreSpreadOverThePartitionsThisReplicaHolds() {
        for (int i = 0; i < 6; i++) {
            given().contentType("application/json").body(REQUEST).post("/v2/models/echo/infer").then().statusCode(200);
        }
        assertThat(echo.receivedOn(0)).isPositive();
        assertThat(echo.receivedOn(1)).isPositive();
    }

    @Test
    void seldonModelHeaderAddressesTheModelWhateverThePath() {
        given().contentType("application/json").header("seldon-model", "echo").body(REQUEST)
                .post("/v2/models/anything/infer")
                .then().statusCode(200).header(ModelResponder.ANSWERED_BY, "echo");
    }

    /** Seldon's Envoy sets it for experiments and mirrors: it wins over seldon-model, and its last value counts. */
    @Test
    void seldonInternalModelHeaderTakesPrecedenceItsLastValueWinning() {
        given().contentType("application/json").header("seldon-model", "chain.pipeline")
                .header("seldon-internal-model", "broken").header("seldon-internal-model", "echo").body(REQUEST)
                .post("/v2/models/anything/infer")
                .then().statusCode(200).header(ModelResponder.ANSWERED_BY, "echo");
        given().contentType("application/json").header("seldon-internal-model", "echo").body(REQUEST)
                .post("/v2/pipelines/chain/infer")
                .then().statusCode(400).body("error", containsString("header seldon-internal-model='echo' names model"));
    }

    @Test
    void pipelineRequestGoesThroughThePipelineTopics() {
        given().contentType("application/json").body(REQUEST).post("/v2/pipelines/chain/infer")
                .then().statusCode(200).header(ModelResponder.ANSWERED_BY, "chain");
        given().contentType("application/json").header("seldon-model", "chain.pipeline").body(REQUEST)
                .post("/v2/models/chain/infer")
                .then().statusCode(200).header(ModelResponder.ANSWERED_BY, "chain");
    }

    @Test
    void modelErrorIsA400CarryingTheModelsMessage() {
        given().contentType("application/json").body(REQUEST).post("/v2/models/broken/infer")
                .then().statusCode(400)
                .body("error", startsWith("model 'broken' failed on request '"))
                .body("error", containsString(MODEL_MESSAGE));
    }

    @Test
    void eachErrorClassReachesTheCallerWithItsOwnStatusNeverAsFixYourRequest() {
        for (String[] failing : SERVER_SIDE_FAILURES) {
            given().contentType("application/json").body(REQUEST).post("/v2/models/" + failing[0] + "/infer")
                    .then().statusCode(Integer.parseInt(failing[2]))
                    .body("error", startsWith("model '" + failing[0] + "' failed on request '"))
                    .body("error", containsString("model server said: " + failing[0]));
        }
    }

    @Test
    void unansweredRequestIsA504WithinItsTimeoutPlusOneSecondNamingTheModel() {
        long started = System.nanoTime();
        Response response = given().contentType("application/json").header("seldon-timeout", "1s").body(REQUEST)
                .post("/v2/models/silent/infer");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(response.jsonPath().getString("error"))
                .startsWith("model 'silent' did not answer request '")
                .contains("within 1 s (seldon-timeout=1s)")
                .contains(kafka.topics().modelOutputs("silent"));
    }

    @Test
    void timeoutMayComeAsAQueryParameter() {
        given().contentType("application/json").body(REQUEST).post("/v2/models/silent/infer?timeout=300ms")
                .then().statusCode(504).body("error", containsString("within 300 ms (query parameter timeout=300ms)"));
    }

    @Test
    void unreadableTimeoutIsA400() {
        given().contentType("application/json").header("seldon-timeout", "soon").body(REQUEST)
                .post("/v2/models/echo/infer")
                .then().statusCode(400).body("error", containsString("seldon-timeout='soon' is not a timeout"));
    }

    @Test
    void unknownModelIsA404() {
        given().contentType("application/json").body(REQUEST).post("/v2/models/nobody/infer")
                .then().statusCode(404).body("error", startsWith("no model 'nobody' is declared"));
        given().contentType("application/json").body(REQUEST).post("/v2/pipelines/nothing/infer")
                .then().statusCode(404).body("error", startsWith("no pipeline 'nothing' is declared"));
    }

    @Test
    void modelThatIsNotAvailableIsA503SayingWhy() {
        kafka.declareModel("loading");
        kafka.status().model("loading", ModelState.LOADING, "downloading s3://models/loading");
        Eventually.until(Duration.ofSeconds(10), () -> "status of 'loading' seen",
                () -> given().get("/v1/models/loading").then().extract().body().asString().contains("Loading"));

        given().contentType("application/json").body(REQUEST).post("/v2/models/loading/infer")
                .then().statusCode(503)
                .body("error", equalTo("model 'loading' is not available: replica server-0 is Loading"
                        + " (downloading s3://models/loading)"));
        given().get("/v2/models/loading/ready").then().statusCode(503);
    }

    @Test
    void bodyLargerThanTheKafkaLimitIsA413NamingBothSizes() {
        String data = IntStream.range(0, 20_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        given().contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,20000],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}")
                .post("/v2/models/echo/infer")
                .then().statusCode(413)
                .body("error", containsString("larger than KAFKA_MESSAGE_MAX_BYTES = 64.0 KiB ("
                        + KafkaTestResource.MESSAGE_MAX_BYTES + " bytes)"))
                .body("error", containsString("to model 'echo' is 78."));
    }

    @Test
    void aBodyOverTheHttpLimitIsA413InTheOneErrorShapeNamingTheLimit() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            // Only the headers: the gateway must answer from Content-Length alone, before reading 70 MB.
            socket.getOutputStream().write(("POST /v2/models/echo/infer HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 70000000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            int read;
            // Until the JSON body is complete: Vert.x keeps the connection open for the body it was promised.
            while (!answer.toString().endsWith("\"}") && (read = socket.getInputStream().read(buffer)) > 0) {
                answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("application/json")
                    .contains("{\"error\":\"the request body is 70000000 bytes, more than the 67108864 bytes this"
                            + " service accepts (quarkus.http.limits.max-body-size");
        }
    }

    @Test
    void aPathNoResourceHasIsA404InTheOneErrorShape() {
        given().urlEncodingEnabled(false).get("/v2/models/%2e%2e/%2e%2e/q/nothing")
                .then().statusCode(404).contentType("application/json").body("error", startsWith("no such path: GET "));
        given().get("/nowhere").then().statusCode(404).contentType("application/json")
                .body("error", equalTo("no such path: GET /nowhere (the API is in this service's README)"));
    }

    @Test
    void requestsRefusedBeforeReachingKafkaAreCountedToo() {
        double before = requestsCounted("echo", "invalid_request");
        given().contentType("application/json").body("{not json").post("/v2/models/echo/infer").then().statusCode(400);
        given().contentType("application/json").body("{not json").post("/v2/models/typo-model/infer")
                .then().statusCode(400);

        assertThat(requestsCounted("echo", "invalid_request")).isEqualTo(before + 1);
        assertThat(given().get("/q/metrics").asString()).doesNotContain("typo-model")
                .contains("name=\"(unknown)\",outcome=\"invalid_request\"");
    }

    private static double requestsCounted(String model, String outcome) {
        return given().get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith("seldon_gateway_requests_total{") && line.contains("name=\"" + model
                        + "\"") && line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void invalidBodyIsA400NamingTheTensor() {
        given().contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}")
                .post("/v2/models/echo/infer")
                .then().statusCode(400)
                .body("error", startsWith("request to model 'echo' is not a valid V2 inference request: input 'x'"));
    }

    @Test
    void raggedDataIsA400NamingTheRowNotAFlattenedRequest() {
        given().contentType("application/json")
                .body("{\"inputs\":[{\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"FP32\","
                        + "\"data\":[[5.1,3.5,1.4,0.2],[0.2,7]]}]}")
                .post("/v2/models/echo/infer")
                .then().statusCode(400)
                .body("error", equalTo("request to model 'echo' is not a valid V2 inference request: input 'x' "
                        + "data[0] has 4 elements where shape [2,3] needs 3; nested data must follow the shape at "
                        + "every depth (or send it flat, row-major)"));
    }

    @Test
    void pendingRequestsBeyondTheBoundAreRefusedWith429() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI silent = URI.create("http://127.0.0.1:" + ConfigProvider.getConfig()
                .getValue("quarkus.http.test-port", Integer.class) + "/v2/models/silent/infer");
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < KafkaTestResource.MAX_PENDING; i++) {
            waiting.add(http.sendAsync(HttpRequest.newBuilder(silent).header("seldon-timeout", "3s")
                    .POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Eventually.until(Duration.ofSeconds(5), () -> "all " + KafkaTestResource.MAX_PENDING + " requests pending",
                () -> metric("seldon_gateway_pending ").equals(KafkaTestResource.MAX_PENDING + ".0"));

        given().contentType("application/json").body(REQUEST).post("/v2/models/echo/infer")
                .then().statusCode(429)
                .body("error", containsString("already has 4 requests waiting for answers"))
                .body("error", containsString("SELDON_GATEWAY_MAX_PENDING"));

        for (CompletableFuture<HttpResponse<String>> request : waiting) {
            assertThat(request.get().statusCode()).isEqualTo(504);
        }
        given().contentType("application/json").body(REQUEST).post("/v2/models/echo/infer").then().statusCode(200);
    }

    @Test
    void readinessOfModelsAndPipelines() {
        given().get("/v2/models/echo/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/pipelines/chain/ready").then().statusCode(200).body("name", equalTo("chain"));
        given().header("seldon-model", "chain.pipeline").get("/v2/models/chain/ready").then().statusCode(200);
        given().get("/v2/models/nobody/ready").then().statusCode(404);
        given().get("/v2/health/ready").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void metricsCountRequestsAndTimeThemPerModel() {
        given().contentType("application/json").body(REQUEST).post("/v2/models/echo/infer").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().body().asString();
        assertThat(metrics)
                .containsPattern("seldon_gateway_requests_total\\{[^}]*name=\"echo\"[^}]*outcome=\"ok\"")
                .containsPattern("seldon_gateway_request_seconds_bucket\\{[^}]*name=\"echo\"")
                .contains("seldon_gateway_pending ");
    }

    private static String metric(String prefix) {
        return given().get("/q/metrics").then().extract().body().asString().lines()
                .filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()).strip())
                .findFirst().orElse("");
    }
}
