package io.seldonmesh.pipelinegateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.ModelResponder;
import io.seldonmesh.pipelinegateway.StatusWriter;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateways (the jar as deployed, configured only through environment variables) side by side on
 * a real broker: they divide the partitions, each answers its own callers, and neither reads the other's
 * answers. Runs with {@code -DskipITs=false}.
 */
class PackagedReplicasIT {

    private static final String REQUEST = """
            {"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]}]}""";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoPackagedReplicasEachAnswerTheirOwnCallers() throws Exception {
        String bootstrap = SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);
        String namespace = "packaged-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "SELDON_NAMESPACE", namespace,
                "KAFKA_TOPICS_NUM_PARTITIONS", "2",
                "GRPC_PORT", "0",
                "GRPC_HOST", "127.0.0.1");
        TopicNames topics = TopicNames.of("seldon", namespace);
        try (QuarkusApp first = start("pipeline-gateway-1", environment);
             QuarkusApp second = start("pipeline-gateway-2", environment);
             StatusWriter status = new StatusWriter(bootstrap, topics)) {
            // declared before anyone reads its topics, so the gateway creates them with 2 partitions
            HttpResponse<String> declared = send(HttpRequest.newBuilder(first.baseUri().resolve("/v1/models/echo"))
                    .PUT(HttpRequest.BodyPublishers.ofString(Declarations.modelYaml("echo"))));
            assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
            answerAndCheck(first, second, bootstrap, topics, status);
        }
    }

    private void answerAndCheck(QuarkusApp first, QuarkusApp second, String bootstrap, TopicNames topics,
                                StatusWriter status) throws Exception {
        try (ModelResponder echo = ModelResponder.echo(bootstrap, "echo", topics.modelInputs("echo"),
                topics.modelOutputs("echo"))) {
            status.model("echo", ModelState.AVAILABLE, null);
            awaitReady(first.baseUri().resolve("/v2/models/echo/ready"));
            awaitReady(second.baseUri().resolve("/v2/models/echo/ready"));

            for (QuarkusApp gateway : new QuarkusApp[] {first, second}) {
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> answer = send(HttpRequest.newBuilder(
                            gateway.baseUri().resolve("/v2/models/echo/infer"))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(REQUEST)));
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    assertThat(answer.headers().firstValue(ModelResponder.ANSWERED_BY)).contains("echo");
                }
            }
            assertThat(echo.receivedOn(0)).isEqualTo(10);
            assertThat(echo.receivedOn(1)).isEqualTo(10);
            assertThat(unmatchedAnswers(first)).isEqualTo("0.0");
            assertThat(unmatchedAnswers(second)).isEqualTo("0.0");
        }
    }

    private static QuarkusApp start(String name, Map<String, String> environment) {
        return QuarkusApp.builder(name, QuarkusApp.moduleApplication("pipeline-gateway"))
                .environment(environment)
                .startTimeout(Duration.ofSeconds(60))
                .start();
    }

    private String unmatchedAnswers(QuarkusApp gateway) throws Exception {
        String prefix = "seldon_gateway_answers_unmatched_total ";
        return send(HttpRequest.newBuilder(gateway.baseUri().resolve("/q/metrics"))).body().lines()
                .filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()).strip())
                .findFirst().orElse("missing");
    }

    private void awaitReady(URI readiness) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> response = send(HttpRequest.newBuilder(readiness));
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = send(HttpRequest.newBuilder(readiness));
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
