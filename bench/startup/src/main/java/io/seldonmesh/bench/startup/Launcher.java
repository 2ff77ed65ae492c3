package io.seldonmesh.bench.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a packaged service in a variant, with the same JVM options for every variant (the mode's archive option
 * aside): for a measured start, a warm-up that also logs class loading, or a training run that writes the mode's
 * archive when the service is stopped after it was ready.
 */
final class Launcher {

    /** An AOT cache is assembled in a second JVM after the training run exits, which takes a while on a busy machine. */
    private static final Duration TRAINING_EXIT_GRACE = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Infrastructure infrastructure;
    private final JavaRuntimes javas;
    private final List<String> jvmOptions;
    private final Path workDirectory;
    private final Duration readyTimeout;

    Launcher(Infrastructure infrastructure, JavaRuntimes javas, List<String> jvmOptions, Path workDirectory,
             Duration readyTimeout) {
        this.infrastructure = infrastructure;
        this.javas = javas;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.workDirectory = workDirectory;
        this.readyTimeout = readyTimeout;
    }

    /** Where a variant's training run writes its archive: the bench's own directory, not the checkout's build. */
    Path archiveFile(MeasuredService service, Variant variant) {
        String fileName = variant.mode().archive().map(LaunchMode.Archive::fileName).orElse("none");
        return workDirectory.resolve("archives").resolve(variant.checkout().name()).resolve(service.module())
                .resolve(fileName);
    }

    /** One timed start, stopped once ready. */
    StartupSample measure(MeasuredService service, Variant variant, String run) throws InterruptedException {
        return measure(service, variant, run, List.of());
    }

    /** A start that is not counted: the page cache warms up, and the classes it loads are counted. */
    ClassLoadCount warmUp(MeasuredService service, Variant variant) throws InterruptedException {
        Path classLog = logDirectory(variant).resolve(service.module() + "-" + variant.mode().label() + "-classes.log");
        measure(service, variant, "warm-up", List.of(ClassLoadCount.logOption(classLog)));
        return ClassLoadCount.read(classLog);
    }

    /**
     * Runs the service until ready with the mode's write option, then stops it with SIGTERM: the JVM writes the archive
     * as it exits (an AOT cache through a second, assembling JVM).
     *
     * @return the archive's size in bytes
     */
    long train(MeasuredService service, Variant variant) throws InterruptedException {
        LaunchMode.Archive archive = variant.mode().archive().orElseThrow(() ->
                new IllegalArgumentException(variant.label() + " uses no archive"));
        Path file = archiveFile(service, variant);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + file + ": " + e.getMessage(), e);
        }
        List<String> command = command(service, variant, List.of(archive.writeOption() + file));
        try (ServiceProcess process = launch(service, variant, "training", command)) {
            process.awaitReady(readyTimeout);
            if (!process.stop(TRAINING_EXIT_GRACE)) {
                throw new IllegalStateException("the training run of " + service.module() + " (" + variant.label()
                        + ") did not exit within " + TRAINING_EXIT_GRACE + " of SIGTERM; its log: " + process.logFile());
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("the training run of " + service.module() + " (" + variant.label()
                        + ") exited with " + process.exitValue() + " and wrote no " + file + "; its log: "
                        + process.logFile());
            }
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StartupSample measure(MeasuredService service, Variant variant, String run, List<String> extraOptions)
            throws InterruptedException {
        List<String> options = new ArrayList<>(variant.mode().options(archiveFile(service, variant)));
        options.addAll(extraOptions);
        try (ServiceProcess process = launch(service, variant, run, command(service, variant, options))) {
            StartupSample sample = process.awaitReady(readyTimeout);
            process.stop(STOP_GRACE);
            return sample;
        }
    }

    private ServiceProcess launch(MeasuredService service, Variant variant, String run, List<String> command) {
        Path log = logDirectory(variant).resolve(service.module() + "-" + variant.mode().label() + "-" + run + ".log");
        return ServiceProcess.start(service.module() + " (" + variant.label() + ")",
                variant.checkout().application(service.module()), command, service.environment(infrastructure), log);
    }

    private List<String> command(MeasuredService service, Variant variant, List<String> modeOptions) {
        List<String> command = new ArrayList<>();
        command.add(javas.java(variant.mode().javaMajor()).toString());
        command.addAll(jvmOptions);
        command.addAll(modeOptions);
        command.add("-jar");
        command.add("quarkus-run.jar");
        return command;
    }

    private Path logDirectory(Variant variant) {
        return workDirectory.resolve("logs").resolve(variant.checkout().name());
    }
}
