package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher behind {@code ./run-local}, end to end: every component starts, the demo model goes
 * S3 (SSE-KMS) → model-fetcher → model-server and answers an inference through pipeline-gateway →
 * Kafka → model-gateway; closing the stack leaves no process behind.
 */
class LocalStackTest {

    @Test
    void demoInferenceSucceedsAndClosingLeavesNoProcessBehind() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(
                "LOCAL_FIXED_PORTS", "false",
                "LOCAL_STACK_DIR", Path.of("target", "local-stack-test").toString(),
                "LOCAL_STACK_EXIT_AFTER_DEMO", "true"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        String response;
        List<ProcessHandle> started;
        try (Stack stack = new Stack(settings, new Progress(out))) {
            stack.start();
            started = ProcessHandle.current().descendants().toList();
            assertThat(ProcessHandle.current().children().count())
                    .as("Kafka, S3, OAuth and four services run as child processes").isGreaterThanOrEqualTo(7);
            response = new Demo(stack, out).run();
        } finally {
            System.out.print(printed.toString(StandardCharsets.UTF_8));
        }

        assertThat(response).contains("\"model_name\":\"iris\"").contains("\"name\":\"probabilities\"");
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Kafka broker (KRaft)", "model-fetcher", "pipeline-gateway", "ready in")
                .contains("\"Available\"").contains("curl -s -H 'Content-Type: application/json'");
        assertThat(alive(started)).as("processes left after the stack closed").isEmpty();
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
