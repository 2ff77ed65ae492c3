package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.QuarkusApp;

/**
 * The model-server module, packaged ({@code target/quarkus-app}), as a child process on a port of
 * its own that stays the same across restarts, the way a model server container keeps its address
 * when it crashes and comes back: empty, with a new instance id.
 */
final class ModelServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path modelsRoot;
    private final int port = FreePort.next();
    private QuarkusApp app;

    ModelServerProcess(Path modelsRoot) {
        this.modelsRoot = modelsRoot;
        start();
    }

    /** Starts it (again), returning once it is ready. */
    void start() {
        app = QuarkusApp.builder("model-server", QuarkusApp.moduleApplication("model-server")).httpPort(port)
                .environment(Map.of("MODELS_ROOT", modelsRoot.toString(), "GRPC_HOST", "127.0.0.1",
                        "GRPC_PORT", Integer.toString(FreePort.next())))
                .start();
    }

    /** SIGKILL, as the kernel's OOM killer or a node failure ends it: no shutdown of any kind. */
    void kill() throws InterruptedException, ExecutionException, TimeoutException {
        ProcessHandle process = ProcessHandle.of(app.pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        app.close();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code POST /v2/models/<model>/infer}: the status code and body. */
    HttpResponse<String> infer(String model, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url().resolve("/v2/models/" + model + "/infer")).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        app.close();
    }
}
