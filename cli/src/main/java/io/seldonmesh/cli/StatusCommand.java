package io.seldonmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a Model's or Pipeline's status (GET /v1/<kind>s/<name>); with -w, wait until it is ready"
                + " (a Model Available, a Pipeline Ready).")
final class StatusCommand extends ResourceCommand implements Callable<Integer> {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-w", "--wait"}, description = "wait until ready (Seldon's ModelAvailable / PipelineReady)")
    boolean waitUntilReady;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "how long -w waits (default ${DEFAULT-VALUE} s); exit 4 when it runs out")
    int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (timeoutSeconds < 1) {
            throw CliFailure.badInput("--timeout " + timeoutSeconds + ": give at least 1 second");
        }
        String path = kind().resourcePath(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        JsonNode resource = gateway().get(path).requireOk().json();
        while (waitUntilReady && !StatusSummary.of(kind(), resource).ready()) {
            if (System.nanoTime() > deadline) {
                print(resource);
                throw CliFailure.timedOut(kind().noun() + " '" + name + "' is not ready after " + timeoutSeconds + " s: "
                        + StatusSummary.of(kind(), resource).reason());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            resource = gateway().get(path).requireOk().json();
        }
        print(resource);
        return ExitCodes.OK;
    }

    private void print(JsonNode resource) {
        if (json()) {
            printJson(resource);
        } else {
            new Table(StatusSummary.COLUMNS).row(StatusSummary.of(kind(), resource).cells()).print(out());
        }
    }
}
