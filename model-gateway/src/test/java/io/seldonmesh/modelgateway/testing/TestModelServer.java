package io.seldonmesh.modelgateway.testing;

import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.QuarkusApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The repository's model server, packaged ({@code mvn -pl model-server package}) and run as a child JVM with the
 * built-in models the gateway tests need, loaded at start: {@code echo}, {@code tiny-outputs}, {@code toggled},
 * {@code batched} (identity), {@code fails} (500), {@code flaky} (503 every second call), {@code rejects} (400),
 * {@code slow} (2 s). One per test JVM; testkit stops it at exit.
 */
public final class TestModelServer {

    /** Model name to its {@code model-settings.json}. */
    private static final Map<String, String> MODELS = Map.of(
            "echo", "{\"implementation\": \"identity\"}",
            "fails", "{\"implementation\": \"fail\", \"parameters\": {\"status\": 500, \"message\": \"model exploded\"}}",
            "flaky", "{\"implementation\": \"fail\", \"parameters\": {\"status\": 503, \"error_rate\": 0.5}}",
            "rejects", "{\"implementation\": \"fail\", \"parameters\": {\"status\": 400, \"message\": \"input 'input'"
                    + " must be INT64\"}}",
            "slow", "{\"implementation\": \"sleep\", \"parameters\": {\"extra\": {\"delay_ms\": 2000}}}",
            "tiny-outputs", "{\"implementation\": \"identity\"}",
            "toggled", "{\"implementation\": \"identity\"}",
            "batched", "{\"implementation\": \"identity\"}");

    private static TestModelServer shared;

    private final QuarkusApp app;
    private final int grpcPort;

    private TestModelServer(QuarkusApp app, int grpcPort) {
        this.app = app;
        this.grpcPort = grpcPort;
    }

    public static synchronized TestModelServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static TestModelServer start() {
        try {
            Path root = Files.createTempDirectory("gateway-test-models");
            for (Map.Entry<String, String> model : MODELS.entrySet()) {
                Path version = Files.createDirectories(root.resolve(model.getKey()).resolve("1"));
                Files.writeString(version.resolve("model-settings.json"), model.getValue());
            }
            int grpcPort = FreePort.next();
            QuarkusApp app = QuarkusApp.builder("model-server", QuarkusApp.moduleApplication("model-server"))
                    .environment("MODELS_ROOT", root.toString())
                    .environment("MODELS_LOAD_AT_STARTUP", "*")
                    .environment("GRPC_PORT", Integer.toString(grpcPort))
                    .environment("GRPC_HOST", "127.0.0.1")
                    .start();
            return new TestModelServer(app, grpcPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String restUrl() {
        return app.baseUri().toString();
    }

    /** {@code 127.0.0.1:<port>} */
    public String grpcTarget() {
        return "127.0.0.1:" + grpcPort;
    }

}
