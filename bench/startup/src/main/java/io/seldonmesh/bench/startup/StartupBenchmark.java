package io.seldonmesh.bench.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Entry point of {@code bench/startup/run}: {@code <this checkout> [options]} (see {@link StartupOptions}). Progress
 * goes to stderr, the tables to stdout.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) {
        int status;
        try {
            run(args);
            status = 0;
        } catch (Exception e) {
            System.err.println("startup bench failed: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        }
        // the servers are stopped by now; a client library's leftover non-daemon thread must not keep this JVM
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        long start = System.nanoTime();
        Path thisCheckout = Path.of(args[0]).toAbsolutePath().normalize();
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        StartupOptions settings = StartupOptions.parse(thisCheckout, options, System.getenv());
        JavaRuntimes javas = JavaRuntimes.find(System.getenv());
        settings.modes().forEach(mode -> javas.java(mode.javaMajor()));
        settings.checkouts().forEach(checkout -> settings.services().forEach(s -> checkout.application(s.module())));
        Path workDirectory = thisCheckout.resolve("bench/startup/target/work");
        deleteTree(workDirectory);
        System.setProperty("testkit.workdir", workDirectory.resolve("servers").toString());
        try (Infrastructure infrastructure = Infrastructure.start(thisCheckout, workDirectory)) {
            Launcher launcher = new Launcher(infrastructure, javas, settings.jvmOptions(), workDirectory,
                    settings.readyTimeout());
            StartupRun run = new StartupRun(settings, launcher, start);
            run.run();
            new StartupReport(settings, run, javas, "bench/startup/run " + String.join(" ", options))
                    .print(System.out);
        } finally {
            // tens of MB per service and variant, valid only for these jars on this JDK build
            deleteTree(workDirectory.resolve("archives"));
        }
    }

    /** Removes a directory and all in it (a previous run's logs and archives, this run's archives). */
    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
