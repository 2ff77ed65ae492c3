package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a packaged service's doctor as an operator would in its pod, {@code java -jar quarkus-run.jar doctor} with the
 * service's environment, and hands back what it printed and its exit status; {@link #command} runs any other
 * command-line mode of a packaged service the same way (the fetcher's {@code fetch}).
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
        return command(application, environment, List.of("doctor"));
    }

    /** {@code java -jar quarkus-run.jar <arguments>}, standard output and error together. */
    public static Result command(Path application, Map<String, String> environment, List<String> arguments) {
        List<String> commandLine = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", application.resolve("quarkus-run.jar").toString()));
        commandLine.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(arguments + " of " + application + " did not finish within " + LIMIT);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + arguments + " of " + application, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + arguments + " ran", e);
        }
    }
}
