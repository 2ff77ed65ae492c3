package io.seldonmesh.bench.pipelinegateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of our packaged services run as {@code java -jar quarkus-run.jar} with the JVM's own defaults. testkit's
 * launcher keeps child JVMs on the C1 compiler so tests start fast; a throughput figure needs the optimising
 * compiler the services get in production.
 */
final class Service implements AutoCloseable {

    private final String name;
    private final Process process;
    private final URI baseUri;

    private Service(String name, Process process, URI baseUri) {
        this.name = name;
        this.process = process;
        this.baseUri = baseUri;
    }

    static Service start(String name, Path application, Map<String, String> environment) throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("bench-" + name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", application.resolve("quarkus-run.jar").toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Service service = new Service(name, builder.start(), URI.create("http://127.0.0.1:" + port));
        service.awaitReady(log);
        System.err.printf("started %s (pid %d, log %s)%n", name, service.process.pid(), log);
        return service;
    }

    URI baseUri() {
        return baseUri;
    }

    String name() {
        return name;
    }

    /** CPU the process has used so far, all threads. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private void awaitReady(Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(baseUri.resolve("/q/health/ready")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port opens a moment after the JVM starts
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException(name + " not ready after 120 s; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
