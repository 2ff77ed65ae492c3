package io.seldonmesh.bench.startup;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.seldonmesh.testkit.FreePort;

/**
 * One launch of a packaged service, {@code java <options> -jar quarkus-run.jar} in its {@code quarkus-app} directory
 * as a container runs it, timed from just before the spawn: to the first 200 of {@code /q/health/ready} (polled every
 * 10 ms), with the CPU time the JVM had used by then, and to Quarkus' "started in" log line, whose own figure (from
 * Quarkus' main, so without the JVM's boot) is kept too. Output goes to a log file through a reader thread, which notes
 * the line as it passes.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(10);
    private static final Pattern STARTED_IN = Pattern.compile("started in (\\d+\\.\\d+)s");

    private final String name;
    private final Process process;
    private final long spawnNanos;
    private final Path logFile;
    private final URI readiness;
    private final CountDownLatch outputEnded = new CountDownLatch(1);
    private volatile long startedLineNanos;
    private volatile double quarkusStartedInMillis = Double.NaN;

    private ServiceProcess(String name, Process process, long spawnNanos, Path logFile, int httpPort) {
        this.name = name;
        this.process = process;
        this.spawnNanos = spawnNanos;
        this.logFile = logFile;
        this.readiness = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
    }

    /**
     * Starts the service with only {@code environment} and a few neutral variables (PATH, HOME, locale), not this
     * JVM's: a stray {@code KAFKA_*} or {@code JAVA_TOOL_OPTIONS} would change what is measured. Its HTTP server
     * listens on 127.0.0.1, on a port free at launch.
     */
    static ServiceProcess start(String name, Path application, List<String> command, Map<String, String> environment,
                                Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(application.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> childEnvironment = builder.environment();
        Map<String, String> inherited = Map.copyOf(childEnvironment);
        childEnvironment.clear();
        for (String neutral : List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")) {
            if (inherited.containsKey(neutral)) {
                childEnvironment.put(neutral, inherited.get(neutral));
            }
        }
        childEnvironment.putAll(environment);
        int httpPort = FreePort.next();
        childEnvironment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        childEnvironment.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        try {
            Files.createDirectories(logFile.getParent());
            long spawn = System.nanoTime();
            Process process = builder.start();
            ChildProcesses.register(process);
            ServiceProcess service = new ServiceProcess(name, process, spawn, logFile, httpPort);
            Thread reader = new Thread(service::copyOutput, "output of " + name);
            reader.setDaemon(true);
            reader.start();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + name + " with " + command + ": " + e.getMessage(), e);
        }
    }

    /** Polls readiness until it answers 200; fails at once if the process exits, and after {@code timeout}. */
    StartupSample awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build();
        long deadline = spawnNanos + timeout.toNanos();
        String lastAnswer = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready; its log: " + logFile);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long now = System.nanoTime();
                if (response.statusCode() == 200) {
                    return sample(now);
                }
                lastAnswer = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastAnswer = e.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout + "; last answer of "
                        + readiness + ": " + lastAnswer + "; its log: " + logFile);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The "started in" line may come a moment after readiness; it is waited for briefly, as it is logged last. */
    private StartupSample sample(long readyNanos) throws InterruptedException {
        double cpuMillis = process.toHandle().info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e6)
                .orElse(Double.NaN);
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (startedLineNanos == 0 && System.nanoTime() < waitUntil && process.isAlive()) {
            Thread.sleep(5);
        }
        double startedLineMillis = startedLineNanos == 0 ? Double.NaN : (startedLineNanos - spawnNanos) / 1e6;
        return new StartupSample((readyNanos - spawnNanos) / 1e6, cpuMillis, startedLineMillis,
                quarkusStartedInMillis);
    }

    /**
     * SIGTERM, as Kubernetes stops a pod: the service leaves its consumer groups (so the next start does not wait for
     * a stale member) and a training run writes its archive at exit. Killed, with what it started, after {@code grace}.
     *
     * @return whether it exited by itself within the grace period
     */
    boolean stop(Duration grace) throws InterruptedException {
        // through the handle: Process.destroy() also closes our end of the output pipe, and a JVM that writes its
        // archive at exit then loses what it prints, or the AOT cache's assembly with it
        process.toHandle().destroy();
        boolean exited = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.toHandle().destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        outputEnded.await(5, TimeUnit.SECONDS);
        ChildProcesses.unregister(process);
        return exited;
    }

    int exitValue() {
        return process.exitValue();
    }

    Path logFile() {
        return logFile;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }

    private void copyOutput() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); BufferedWriter log = Files.newBufferedWriter(logFile)) {
            String line;
            while ((line = output.readLine()) != null) {
                if (startedLineNanos == 0) {
                    Matcher started = STARTED_IN.matcher(line);
                    if (started.find()) {
                        startedLineNanos = System.nanoTime();
                        quarkusStartedInMillis = Double.parseDouble(started.group(1)) * 1000;
                    }
                }
                log.write(line);
                log.newLine();
            }
        } catch (IOException e) {
            System.err.println("output of " + name + " no longer readable: " + e.getMessage());
        } finally {
            outputEnded.countDown();
        }
    }
}
