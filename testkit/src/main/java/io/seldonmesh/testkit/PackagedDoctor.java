package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a packaged service's doctor as an operator would in its pod, {@code java -jar quarkus-run.jar doctor} with the
 * service's environment, and hands back what it printed and its exit status.
 */
public final class PackagedDoctor {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    /** What the doctor printed and how it exited. */
    public record Result(int exitStatus, String output) {
    }

    private PackagedDoctor() {
    }

    /** @param application the {@code quarkus-app} directory, e.g. {@link QuarkusApp#moduleApplication} */
    public static Result run(Path application, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", application.resolve("quarkus-run.jar").toString(), "doctor"))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the doctor of " + application + " did not finish within " + LIMIT);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the doctor of " + application, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the doctor ran", e);
        }
    }
}
