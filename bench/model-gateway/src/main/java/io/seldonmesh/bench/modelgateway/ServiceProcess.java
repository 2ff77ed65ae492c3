package io.seldonmesh.bench.modelgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A packaged Quarkus service started as {@code java -jar quarkus-run.jar} with the JVM's normal settings. The
 * tests' launcher (testkit's {@code QuarkusApp}) limits child JVMs to the C1 compiler for quick start-up, which
 * would make a throughput comparison unfair; here the service gets the optimising compiler, as in production.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;

    private ServiceProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    static ServiceProcess start(String name, Path application, int httpPort, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("bench-" + name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", application.resolve("quarkus-run.jar").toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        ServiceProcess service = new ServiceProcess(builder.start(), httpPort);
        service.awaitReady(name, log);
        System.err.printf("started %s (pid %d, log %s)%n", name, service.process.pid(), log);
        return service;
    }

    private void awaitReady(String name, Path log) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException(name + " not ready after 120 s; see " + log);
    }

    /** CPU time the process has used so far (user and system, all threads). */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
