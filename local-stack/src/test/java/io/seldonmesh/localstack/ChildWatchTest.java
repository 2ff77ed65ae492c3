package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.QuarkusApp;

/** A service the stack started, killed with {@code kill -9}: reported at once, and running again on its port. */
class ChildWatchTest {

    private static final Duration BACK_WITHIN = Duration.ofSeconds(40);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void serviceKilledWithSignalNineIsReportedWithItsExitCodeAndLogAndAnswersAgainOnItsPort(@TempDir Path modelsRoot)
            throws Exception {
        Map<String, String> environment = Map.of("MODELS_ROOT", modelsRoot.toString(), "GRPC_HOST", "127.0.0.1",
                "GRPC_PORT", Integer.toString(FreePort.next()));
        ChildWatch<QuarkusApp> watch = Stack.watchedService("model-server", 0, environment, progress, () -> { });
        QuarkusApp killed = watch.current();
        URI readiness = killed.baseUri().resolve("/q/health/ready");
        try (watch) {
            ProcessHandle.of(killed.pid()).orElseThrow().destroyForcibly();

            long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
            while (!(watch.current().pid() != killed.pid() && ready(readiness)) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }

            assertThat(watch.current().pid()).as("a new model-server process").isNotEqualTo(killed.pid());
            assertThat(ready(readiness)).as("ready again on " + readiness + " within " + BACK_WITHIN).isTrue();
            assertThat(text()).contains("!! model-server exited with code 137 (SIGKILL: kill -9 or the kernel's OOM killer)")
                    .contains("   last lines of " + killed.logFile() + ":\n   | ")
                    .contains("   restarting it in 1 s on the same ports with the same settings")
                    .contains("   model-server is running again (restart 1, ready in ");
            assertThat(watch.restarts().summary()).contains("model-server: restarted 1 time, last exit 137 (SIGKILL)");
        }
        assertThat(text()).as("closing the watch stops the child without a report").containsOnlyOnce("!! ");
        assertThat(ProcessHandle.of(watch.current().pid()).filter(ProcessHandle::isAlive)).as("restarted process after close")
                .isEmpty();
    }

    private String text() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static boolean ready(URI readiness) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
