package io.seldonmesh.testkit;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The command line of a server JVM: the same {@code java} binary as this JVM, the server's own
 * classpath, and {@link OrphanGuard} in front of its main class. Output (stdout and stderr) is
 * appended to one log file, so nothing depends on this JVM draining pipes.
 * <p>
 * Start-up time matters more than throughput for test servers on a two-core machine: every child
 * gets the serial collector and the C1 compiler only.
 */
final class ChildJvm {

    private final String serverName;
    private final List<Path> classpath = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String mainClass;
    private final List<String> arguments = new ArrayList<>();

    ChildJvm(String serverName) {
        this.serverName = serverName;
    }

    ChildJvm classpath(List<Path> entries) {
        classpath.addAll(entries);
        return this;
    }

    /**
     * Lets the JVM compile with C2 as usual: for benchmarks, where steady-state throughput matters
     * more than start-up time.
     */
    ChildJvm fullJit() {
        jvmOptions.remove("-XX:TieredStopAtLevel=1");
        return this;
    }

    /** As {@code -Xmx}, e.g. {@code 512m}. */
    ChildJvm maxHeap(String size) {
        jvmOptions.add("-Xmx" + size);
        return this;
    }

    /** Any other option, e.g. {@code -XX:+ExitOnOutOfMemoryError}, as a container image's JAVA_OPTS set it. */
    ChildJvm option(String option) {
        jvmOptions.add(option);
        return this;
    }

    ChildJvm systemProperty(String key, String value) {
        jvmOptions.add("-D" + key + "=" + value);
        return this;
    }

    ChildJvm environment(String key, String value) {
        environment.put(key, value);
        return this;
    }

    ChildJvm main(String className, String... args) {
        mainClass = className;
        arguments.clear();
        arguments.addAll(List.of(args));
        return this;
    }

    List<String> command() {
        if (mainClass == null) {
            throw new IllegalStateException("no main class set for " + serverName);
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary().toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(Stream.concat(Stream.of(guardLocation()), classpath.stream())
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(OrphanGuard.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /** Starts the JVM; it keeps running until stopped. */
    ServerProcess start(Path logFile) {
        return new ServerProcess(serverName, launch(logFile), logFile);
    }

    /** Runs a one-shot tool (such as a storage formatter) and fails with its log if it does not exit 0. */
    void runToCompletion(Path logFile, Duration timeout) {
        Process process = launch(logFile);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ServerStartException(serverName + " did not finish within " + timeout, logFile, null);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while waiting for " + serverName, logFile, e);
        }
        if (process.exitValue() != 0) {
            throw new ServerStartException(serverName + " exited with code " + process.exitValue()
                    + "; command: " + String.join(" ", command()), logFile, null);
        }
    }

    private Process launch(Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .redirectInput(Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            return builder.start();
        } catch (IOException e) {
            throw new ServerStartException("cannot launch " + serverName + " with " + javaBinary() + ": "
                    + e.getMessage(), logFile, e);
        }
    }

    private static Path javaBinary() {
        Path fromJavaHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromJavaHome)) {
            return fromJavaHome;
        }
        return ProcessHandle.current().info().command().map(Path::of).orElseThrow(() ->
                new IllegalStateException("cannot find the java binary of this JVM: " + fromJavaHome
                        + " is not executable and the process command line is unknown"));
    }

    private static Path guardLocation() {
        try {
            return Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the testkit classes for the child JVM: " + e.getMessage(), e);
        }
    }
}
