package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.seldonmesh.cli.CapturedRun;
import io.seldonmesh.cli.ExitCodes;
import io.seldonmesh.common.json.Json;

/**
 * The {@code seldon} command (cli/) against the running local stack, in this JVM through its picocli command line,
 * and once as the real {@code ./seldon} script: a model directory uploaded to the stack's S3 with its storage secret,
 * declared, waited for, called; a two-step pipeline over it and the demo's iris declared, called, inspected on its
 * topics for the request id infer printed, unloaded; the errors a user meets (a bad file, a name the gateway does not
 * know, a model that cannot load waited for, an unreachable gateway or broker) with their exit codes.
 */
@ExtendWith(SharedStack.class)
class CliTest {

    private static final Path ADD10 = Path.of("..", "model-server", "src", "test", "resources", "models", "onnx-add10", "1");
    private static final String MODEL = "cli-add10";
    private static final String PIPELINE = "cli-add10-iris";
    private static final String REQUEST = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1,2,3,4]}]}";

    @TempDir
    Path files;

    @Test
    void modelAndPipelineFromUploadToUnload(SharedStack.Running running) throws IOException {
        Map<String, String> env = environment(running);

        CapturedRun upload = cli(env, "model", "upload", ADD10.toString(), "--name", MODEL,
                "--secrets-dir", running.stack().secretsDirectory().toString());
        assertThat(upload.out()).contains("uploaded model.onnx to s3://models/" + MODEL, "SSE-KMS",
                "storageUri: local-s3://models/" + MODEL);

        Path model = write("model.yaml", """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: %s
                spec:
                  storageUri: local-s3://models/%s
                  secretName: local-s3
                  requirements:
                  - onnx
                """.formatted(MODEL, MODEL));
        assertThat(cli(env, "model", "load", "-f", model.toString()).out()).contains("model '" + MODEL + "' created");
        assertThat(cli(env, "model", "status", MODEL, "-w", "--timeout", "60").out().lines())
                .first().asString().startsWith("NAME").contains("READY", "STATE");
        assertThat(cli(env, "model", "status", MODEL).out()).containsPattern(MODEL + " +true +Available");

        JsonNode answer = json(cli(env, "-o", "json", "model", "infer", MODEL, REQUEST));
        assertThat(floats(answer.at("/response/outputs/0/data"))).containsExactly(11f, 12f, 13f, 14f);
        assertThat(answer.path("requestId").asText()).isNotBlank();

        Path pipeline = write("pipeline.yaml", """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: %s
                spec:
                  steps:
                  - name: %s
                  - name: iris
                    inputs:
                    - %s
                    tensorMap:
                      %s.outputs.output: input
                  output:
                    steps:
                    - iris
                """.formatted(PIPELINE, MODEL, MODEL, MODEL));
        assertThat(cli(env, "pipeline", "load", "-f", pipeline.toString()).out()).contains("created");
        cli(env, "pipeline", "status", PIPELINE, "-w", "--timeout", "60");

        Path request = write("request.json", REQUEST);
        List<String> inferred = cli(env, "pipeline", "infer", PIPELINE, "-i", request.toString()).out().lines().toList();
        assertThat(inferred).hasSize(3);
        JsonNode pipelineAnswer = Json.json().readTree(inferred.get(0));
        assertThat(pipelineAnswer.at("/outputs/1/name").asText()).isEqualTo("label");
        assertThat(pipelineAnswer.at("/outputs/1/data/0").asLong()).as("iris's label for [11,12,13,14]").isEqualTo(2);
        assertThat(inferred.get(1)).startsWith("request id: ");
        String requestId = inferred.get(1).substring("request id: ".length());
        assertThat(inferred.get(2)).startsWith("route: ");

        String inspected = cli(env, "pipeline", "inspect", PIPELINE, "--request-id", requestId).out();
        assertThat(inspected).contains(
                "pipeline inputs: seldon.default.pipeline." + PIPELINE + ".inputs",
                "step " + MODEL + " inputs: seldon.default.model." + MODEL + ".inputs",
                "step " + MODEL + " outputs: seldon.default.model." + MODEL + ".outputs",
                "step iris inputs: seldon.default.model.iris.inputs",
                "step iris outputs: seldon.default.model.iris.outputs",
                "pipeline outputs: seldon.default.pipeline." + PIPELINE + ".outputs",
                "\"data\":[11.0,12.0,13.0,14.0]");
        JsonNode topics = json(cli(env, "-o", "json", "pipeline", "inspect", PIPELINE, "--request-id", requestId));
        for (JsonNode topic : topics) {
            if (!topic.path("role").asText().equals("errors")) {
                assertThat(topic.path("records")).as(topic.path("topic").asText()).hasSize(1);
                assertThat(topic.at("/records/0/headers/x-request-id").asText()).isEqualTo(requestId);
            } else {
                assertThat(topic.path("records")).as("errors of request " + requestId).isEmpty();
            }
        }

        assertThat(cli(env, "pipeline", "unload", PIPELINE).out()).contains("pipeline '" + PIPELINE + "' unloaded");
        assertThat(cli(env, "model", "unload", "-f", model.toString()).out()).contains("model '" + MODEL + "' unloaded");
        CapturedRun unloadedAgain = CapturedRun.of(env, "pipeline", "unload", PIPELINE);
        assertThat(unloadedAgain.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(unloadedAgain.err()).contains("HTTP 404: no pipeline '" + PIPELINE + "' is declared");
    }

    @Test
    void listsAndInspectsTheDemoForPeopleAndForScripts(SharedStack.Running running) {
        Map<String, String> env = environment(running);

        assertThat(cli(env, "model", "list").out()).containsPattern("(?m)^NAME +READY +STATE +VERSION +REASON$")
                .containsPattern("(?m)^iris +true +Available ");
        JsonNode pipelines = json(cli(env, "pipeline", "list", "-o", "json"));
        assertThat(pipelines.findValuesAsText("name")).contains("tfsimples");
        assertThat(cli(env, "pipeline", "inspect", "tfsimples").out())
                .containsPattern("step tfsimple2 outputs: seldon.default.model.tfsimple2.outputs\n  partition 0 offset ")
                .contains("\"data\":[2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32]");
    }

    @Test
    void badFileIsRefusedBeforeAnythingIsSent(SharedStack.Running running) throws IOException {
        Path wrongKind = write("wrong-kind.yaml", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Pipeline\n"
                + "metadata:\n  name: iris\nspec:\n  steps:\n  - name: iris\n");

        CapturedRun run = CapturedRun.of(environment(running), "model", "load", "-f", wrongKind.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("wrong-kind.yaml", "kind: 'Pipeline' is not Model").doesNotContain("\tat ");
        assertThat(cli(environment(running), "model", "status", "iris").out()).contains("Available");
    }

    @Test
    void waitingForAModelThatCannotLoadTimesOutWithItsReason(SharedStack.Running running) throws IOException {
        Map<String, String> env = environment(running);
        Path unmet = write("unmet.yaml", """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: cli-unmet
                spec:
                  storageUri: local-s3://models/cli-unmet
                  secretName: local-s3
                  requirements:
                  - gpu-only
                """);
        cli(env, "model", "load", "-f", unmet.toString());

        CapturedRun waited = CapturedRun.of(env, "model", "status", "cli-unmet", "-w", "--timeout", "5");

        assertThat(waited.exitCode()).isEqualTo(ExitCodes.TIMED_OUT);
        assertThat(waited.err()).contains("model 'cli-unmet' is not ready after 5 s", "gpu-only");
        assertThat(waited.out()).containsPattern("cli-unmet +false +LoadFailed ");
        cli(env, "model", "unload", "cli-unmet");
    }

    @Test
    void unreachableGatewayAndBrokerExitThreeNamingTheirAddresses(SharedStack.Running running) throws IOException {
        String closedGateway = "http://127.0.0.1:" + closedPort();
        CapturedRun noGateway = CapturedRun.of(Map.of(), "--gateway", closedGateway, "model", "list");
        assertThat(noGateway.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(noGateway.err()).contains("cannot reach the gateway at " + closedGateway);

        String closedBroker = "127.0.0.1:" + closedPort();
        CapturedRun noBroker = CapturedRun.of(environment(running), "pipeline", "inspect", "tfsimples",
                "--kafka", closedBroker);
        assertThat(noBroker.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(noBroker.err()).contains("from Kafka at " + closedBroker, "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void theScriptAtTheRootRunsTheSameCommand(SharedStack.Running running) throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        // The reactor has just built cli; tell the script so, or it would start a second Maven build inside this one.
        Files.writeString(root.resolve("cli/target/cli.stamp"), "");
        Process script = new ProcessBuilder(root.resolve("seldon").toString(), "--gateway", running.gateway(),
                "pipeline", "status", "tfsimples").redirectErrorStream(true).start();
        assertThat(script.waitFor(60, TimeUnit.SECONDS)).as("./seldon answers within 60 s").isTrue();
        String printed = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(script.exitValue()).as(printed).isZero();
        assertThat(printed).containsPattern("tfsimples +true +Ready");
    }

    private static Map<String, String> environment(SharedStack.Running running) {
        return Map.of("SELDON_GATEWAY", running.gateway(), "KAFKA_BOOTSTRAP_SERVERS", running.stack().kafkaBootstrap());
    }

    /** A command that must succeed; its error output is the assertion's description when it does not. */
    private static CapturedRun cli(Map<String, String> env, String... args) {
        CapturedRun run = CapturedRun.of(env, args);
        System.out.print("$ seldon " + String.join(" ", args) + "\n" + run.out() + run.err());
        assertThat(run.exitCode()).as("seldon " + String.join(" ", args) + "\n" + run.err() + run.out()).isZero();
        return run;
    }

    private static JsonNode json(CapturedRun run) {
        try {
            return Json.json().readTree(run.out());
        } catch (IOException e) {
            throw new AssertionError("-o json printed something that is not JSON: " + run.out(), e);
        }
    }

    private static List<Float> floats(JsonNode array) {
        List<Float> values = new ArrayList<>();
        array.forEach(value -> values.add(value.floatValue()));
        return values;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
