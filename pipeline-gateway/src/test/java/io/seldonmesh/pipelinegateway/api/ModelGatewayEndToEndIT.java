package io.seldonmesh.pipelinegateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.StatusWriter;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The whole path with the real services, all packaged: pipeline-gateway -> Kafka -> model-gateway ->
 * model-server (gRPC) -> Kafka -> pipeline-gateway. Needs model-server and model-gateway packaged in this
 * checkout ({@code mvn -pl model-server,model-gateway,pipeline-gateway package -DskipTests}); runs with
 * {@code -DskipITs=false}.
 */
class ModelGatewayEndToEndIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void requestsGoThroughModelGatewayToTheModelServerAndBack() throws Exception {
        String bootstrap = SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);
        String namespace = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> kafka = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "SELDON_NAMESPACE", namespace);
        int modelServerGrpc = FreePort.next();
        try (QuarkusApp modelServer = QuarkusApp.builder("model-server", QuarkusApp.moduleApplication("model-server"))
                     .environment("MODELS_ROOT", Path.of("../model-server/src/test/resources/models")
                             .toAbsolutePath().normalize().toString())
                     .environment("MODELS_LOAD_AT_STARTUP", "identity,fail")
                     .environment("GRPC_PORT", Integer.toString(modelServerGrpc))
                     .environment("GRPC_HOST", "127.0.0.1")
                     .start();
             QuarkusApp pipelineGateway = QuarkusApp.builder("pipeline-gateway",
                             QuarkusApp.moduleApplication("pipeline-gateway"))
                     .environment(kafka).environment("GRPC_PORT", "0").environment("GRPC_HOST", "127.0.0.1")
                     .start();
             StatusWriter status = new StatusWriter(bootstrap, TopicNames.of("seldon", namespace))) {
            // 'unloaded' is Available on the status topic but the model server never loaded it: a restarted server.
            for (String model : new String[] {"identity", "fail", "unloaded"}) {
                HttpResponse<String> declared = send(HttpRequest.newBuilder(pipelineGateway.baseUri()
                        .resolve("/v1/models/" + model)).PUT(HttpRequest.BodyPublishers.ofString(
                                Declarations.modelYaml(model))));
                assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
                status.model(model, ModelState.AVAILABLE, null);
            }
            try (QuarkusApp modelGateway = QuarkusApp.builder("model-gateway",
                            QuarkusApp.moduleApplication("model-gateway"))
                    .environment(kafka)
                    .environment("MODEL_SERVER_URL", "127.0.0.1:" + modelServerGrpc)
                    .environment("MODEL_SERVER_PROTOCOL", "grpc")
                    .environment("MODELGATEWAY_RETRY_MAX_ATTEMPTS", "2")
                    .start()) {
                URI identity = pipelineGateway.baseUri().resolve("/v2/models/identity/infer");
                HttpResponse<String> answer = send(HttpRequest.newBuilder(identity)
                        .header("content-type", "application/json").header("x-request-id", "e2e-1")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"inputs":[{"name":"x","shape":[1,3],"datatype":"INT64","data":[7,8,9]}]}""")));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.body()).contains("\"model_name\":\"identity\"").contains("\"data\":[7,8,9]");
                assertThat(answer.headers().firstValue("x-request-id")).contains("e2e-1");
                // the hop model-gateway adds, with the version the model server answered with
                assertThat(answer.headers().allValues("x-seldon-route")).containsExactly(":identity_1:");

                HttpResponse<String> failed = send(HttpRequest.newBuilder(pipelineGateway.baseUri()
                        .resolve("/v2/models/fail/infer"))
                        .header("content-type", "application/json").header("seldon-timeout", "20s")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"inputs":[{"name":"x","shape":[1],"datatype":"INT64","data":[1]}]}""")));
                // The model server answers the fail model with UNAVAILABLE: its own status, kept.
                assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
                assertThat(failed.body()).contains("model 'fail' failed").contains("the fail model is configured to fail");

                // Server-side failures must never read as "fix your request" to a caller or a load balancer.
                HttpResponse<String> unloaded = infer(pipelineGateway, "unloaded");
                assertThat(unloaded.statusCode()).as(unloaded.body()).isEqualTo(503);
                assertThat(unloaded.body()).contains("has no model 'unloaded' loaded");

                modelServer.close();
                HttpResponse<String> unreachable = infer(pipelineGateway, "identity");
                assertThat(unreachable.statusCode()).as(unreachable.body()).isEqualTo(502);
                assertThat(unreachable.body()).contains("could not reach model server").contains("(2 attempts)");
            }

            // model-gateway is gone: once its consumer group is empty the model is not ready, and a request hears why
            // at once instead of waiting for its timeout.
            URI ready = pipelineGateway.baseUri().resolve("/v2/models/identity/ready");
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            HttpResponse<String> readiness = send(HttpRequest.newBuilder(ready).GET());
            while (readiness.statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                readiness = send(HttpRequest.newBuilder(ready).GET());
            }
            assertThat(readiness.statusCode()).as("readiness of a model no model-gateway reads").isEqualTo(503);
            long started = System.nanoTime();
            HttpResponse<String> unserved = infer(pipelineGateway, "identity");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(unserved.statusCode()).as(unserved.body()).isEqualTo(503);
            assertThat(unserved.body()).contains("no model-gateway is in its consumer group");
        }
    }

    private HttpResponse<String> infer(QuarkusApp pipelineGateway, String model) throws Exception {
        return send(HttpRequest.newBuilder(pipelineGateway.baseUri().resolve("/v2/models/" + model + "/infer"))
                .header("content-type", "application/json").header("seldon-timeout", "20s")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"inputs":[{"name":"x","shape":[1,3],"datatype":"INT64","data":[7,8,9]}]}""")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
