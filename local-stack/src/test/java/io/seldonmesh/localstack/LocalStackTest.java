package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Secret;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.S3Server;

/**
 * The launcher behind {@code ./run-local}, end to end: every component starts, the demo model goes
 * S3 (SSE-KMS) → model-fetcher → model server and answers an inference through pipeline-gateway →
 * Kafka → model-gateway, Seldon's sample pipeline tfsimples answers through the dataflow, secret-sync
 * replicates the Kafka credential Secret in the in-memory Kubernetes API; closing the stack leaves no
 * process behind. Once with everything embedded, once pointed at an existing broker, S3 endpoint and
 * model server.
 */
class LocalStackTest {

    /** tfsimples' answer to Seldon's request, as Seldon documents it. */
    private static final List<Output> TFSIMPLES_ANSWER = List.of(
            Output.ints("OUTPUT0", List.of(1L, 16L), Output.series(2, 2, 16)),
            Output.ints("OUTPUT1", List.of(1L, 16L), Output.series(2, 2, 16)));

    /** What one run of the stack and its demo left to look at. */
    private record Run(Demo.Answers answers, String printed, List<ProcessHandle> processes) {
    }

    @Test
    void demoInferenceSucceedsSecretSyncReplicatesKilledServiceComesBackAndClosingLeavesNoProcessBehind() {
        List<ProcessHandle> restarted = new ArrayList<>();
        Run run = runDemo(Map.of("LOCAL_STACK_DIR", Path.of("target", "local-stack-test").toString()), stack -> {
            Secret source = stack.kubernetes().client().secrets().inNamespace("seldon-mesh").withName("kafka-oauth").get();
            for (String namespace : List.of("seldon-logs", "team-a")) {
                Secret copy = stack.kubernetes().client().secrets().inNamespace(namespace).withName("kafka-oauth").get();
                assertThat(copy).as("copy of seldon-mesh/kafka-oauth in " + namespace).isNotNull();
                assertThat(copy.getData()).isEqualTo(source.getData());
                assertThat(copy.getMetadata().getAnnotations())
                        .containsEntry("secret-sync.seldon.io/source", "seldon-mesh/kafka-oauth");
                assertThat(stack.kubernetes().client().secrets().inNamespace(namespace).withName("kafka-oauth-token").get())
                        .as("copy of the token secret-sync fetched, in " + namespace).isNotNull();
            }
            restarted.add(killAndAwaitRestart(stack, "model-gateway"));
        });

        assertThat(run.processes()).as("Kafka, S3, OAuth and five services run as child processes").hasSizeGreaterThanOrEqualTo(8);
        assertThat(run.answers().model()).contains("\"model_name\":\"iris\"").contains("\"name\":\"probabilities\"");
        assertThat(Output.ofJson(run.answers().pipeline())).isEqualTo(TFSIMPLES_ANSWER);
        assertThat(run.printed()).contains("Kafka broker (KRaft)", "model-server", "model-fetcher", "pipeline-gateway",
                        "secret-sync", "Kubernetes API stand-in", "not a cluster", "ready in")
                .containsPattern("pipeline-gateway\\s.*http://127\\.0\\.0\\.1:\\d+, gRPC 127\\.0\\.0\\.1:\\d+")
                .containsPattern("model-server\\s.*http://127\\.0\\.0\\.1:\\d+, gRPC 127\\.0\\.0\\.1:\\d+")
                .contains("\"Available\"").contains("curl -s -H 'Content-Type: application/json'")
                .contains("Demo: Seldon's sample pipeline 'tfsimples'", "pipeline Ready in")
                .contains("-H 'seldon-model: tfsimples.pipeline'")
                .containsPattern("curl -s http://127\\.0\\.0\\.1:\\d+/v1/pipelines/tfsimples ")
                .contains("team-a/kafka-oauth, team-a/kafka-oauth-token")
                .containsPattern("curl -s http://127\\.0\\.0\\.1:\\d+/api/v1/namespaces/team-a/secrets/kafka-oauth");
        assertThat(run.printed()).contains("!! model-gateway exited with code 137 (SIGKILL", "   last lines of ",
                        "   restarting it in 1 s on the same ports", "   model-gateway is running again (restart 1,")
                .contains("stack: 8 of 8 children running; model-gateway: restarted 1 time, last exit 137 (SIGKILL)");
        assertThat(alive(run.processes())).as("processes left after the stack closed").isEmpty();
        assertThat(alive(restarted)).as("restarted model-gateway left after the stack closed").isEmpty();
    }

    /** {@code kill -9} of a service: the stack starts it again on the same port; the new process. */
    private static ProcessHandle killAndAwaitRestart(Stack stack, String module) {
        QuarkusApp killed = stack.service(module);
        ProcessHandle.of(killed.pid()).orElseThrow().destroyForcibly();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stack.service(module).pid() == killed.pid() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        QuarkusApp again = stack.service(module);
        assertThat(again.pid()).as(module + " running again within 60 s of kill -9").isNotEqualTo(killed.pid());
        assertThat(again.baseUri()).as("on the same port").isEqualTo(killed.baseUri());
        return ProcessHandle.of(again.pid()).orElseThrow();
    }

    @Test
    void demoRunsAgainstAnExistingBrokerObjectStoreAndModelServer(@TempDir Path modelsRoot) {
        try (KafkaBroker broker = KafkaBroker.builder().start();
             S3Server s3 = S3Server.builder().bucket("existing-bucket").start();
             QuarkusApp modelServer = QuarkusApp.builder("existing-model-server", QuarkusApp.moduleApplication("model-server"))
                     .environment(Map.of("MODELS_ROOT", modelsRoot.toString(), "GRPC_HOST", "127.0.0.1",
                             "GRPC_PORT", Integer.toString(FreePort.next())))
                     .start()) {
            Map<String, String> env = new HashMap<>();
            env.put("LOCAL_STACK_DIR", Path.of("target", "local-stack-existing-test").toString());
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.PLAINTEXT));
            env.put("LOCAL_S3_ENDPOINT", s3.endpoint().toString());
            env.put("LOCAL_S3_REGION", s3.region());
            env.put("LOCAL_S3_BUCKET", "existing-bucket");
            env.put("LOCAL_S3_KMS_KEY_ID", s3.kmsKeyId());
            env.put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
            // no LOCAL_MODEL_SERVER_GRPC: model-gateway calls this server over REST (the embedded case covers gRPC)
            env.put("LOCAL_MODEL_SERVER_URL", modelServer.baseUri() + "/");
            env.put("LOCAL_MODELS_ROOT", modelsRoot.toString());

            Run run = runDemo(env, stack -> assertThatThrownBy(() -> stack.service("model-server"))
                    .as("no model-server of its own").isInstanceOf(IllegalArgumentException.class));

            assertThat(run.processes()).as("the stack's own processes: the OAuth server and four services").hasSize(5);

            assertThat(run.answers().model()).contains("\"model_name\":\"iris\"").contains("\"name\":\"probabilities\"");
            assertThat(Output.ofJson(run.answers().pipeline())).isEqualTo(TFSIMPLES_ANSWER);
            assertThat(run.printed()).contains("model server (existing)", modelServer.baseUri() + ", REST only")
                    .contains("-> the model server at " + modelServer.baseUri() + ",")
                    .contains("curl -s " + modelServer.baseUri() + "/v2/models/iris ")
                    .doesNotContain("Kafka broker (KRaft)", "S3 server (SSE-KMS)")
                    .contains("uploaded local-s3://existing-bucket/iris")
                    .contains("seldon-samples://existing-bucket/seldon-samples/");
            assertThat(downloadedFiles(modelsRoot)).as("model-fetcher downloaded into LOCAL_MODELS_ROOT")
                    .anyMatch(file -> file.endsWith("model.onnx"));
            assertThat(alive(run.processes())).as("processes left after the stack closed").isEmpty();
        }
    }

    @Test
    void modelServerThatDoesNotAnswerStopsTheStartBeforeAnythingStarts(@TempDir Path modelsRoot) {
        String url = "http://127.0.0.1:" + FreePort.next();
        StackSettings settings = StackSettings.fromEnvironment(Map.of(
                "LOCAL_FIXED_PORTS", "false",
                "LOCAL_STACK_DIR", Path.of("target", "local-stack-unreachable-test").toString(),
                "LOCAL_MODEL_SERVER_URL", url,
                "LOCAL_MODELS_ROOT", modelsRoot.toString()));
        long childrenBefore = ProcessHandle.current().children().count();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        try (Stack stack = new Stack(settings, new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8)))) {
            assertThatThrownBy(stack::start).isInstanceOf(StackException.class)
                    .hasMessageContaining("LOCAL_MODEL_SERVER_URL=" + url)
                    .hasMessageContaining("GET " + url + "/v2/health/ready")
                    .hasMessageContaining("could not connect").hasMessageContaining("Check that the server is running");
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("model server (existing) ...", "FAILED");
        assertThat(ProcessHandle.current().children().count()).isEqualTo(childrenBefore);
    }

    /**
     * Starts a stack on free ports with {@code environment}, runs the demo, checks it while running,
     * closes it. The processes recorded are the ones the stack started, not what ran before.
     */
    private static Run runDemo(Map<String, String> environment, Consumer<Stack> whileRunning) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("LOCAL_FIXED_PORTS", "false");
        env.put("LOCAL_STACK_EXIT_AFTER_DEMO", "true");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Demo.Answers answers;
        List<ProcessHandle> started;
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
        try (Stack stack = new Stack(StackSettings.fromEnvironment(env), new Progress(out))) {
            stack.start();
            started = ProcessHandle.current().descendants().filter(process -> !before.contains(process)).toList();
            answers = new Demo(stack, out).run();
            whileRunning.accept(stack);
        } finally {
            System.out.print(printed.toString(StandardCharsets.UTF_8));
        }
        return new Run(answers, printed.toString(StandardCharsets.UTF_8), started);
    }

    private static List<Path> downloadedFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    private static List<ProcessHandle> alive(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && processes.stream().anyMatch(ProcessHandle::isAlive)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }
}
