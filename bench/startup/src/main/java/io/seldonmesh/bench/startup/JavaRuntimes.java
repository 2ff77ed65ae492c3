package io.seldonmesh.bench.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The two JDKs compared: 17, the project's default (this JVM when it is a 17), and 25, the first with the AOT cache
 * that a training run writes in one step (JEP 514). {@code BENCH_JAVA17_HOME} and {@code BENCH_JAVA25_HOME} override
 * where they are looked for.
 */
record JavaRuntimes(Optional<Path> java17, Optional<Path> java25) {

    private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

    static JavaRuntimes find(Map<String, String> environment) {
        return new JavaRuntimes(find(environment, "BENCH_JAVA17_HOME", 17), find(environment, "BENCH_JAVA25_HOME", 25));
    }

    /** The {@code java} binary of the given major version, or an error naming the variable that would provide it. */
    Path java(int major) {
        Optional<Path> java = major == 17 ? java17 : java25;
        return java.orElseThrow(() -> new IllegalStateException("no JDK " + major + " found (looked at the bench's own "
                + "JVM and under " + JVM_DIRECTORY + "): set BENCH_JAVA" + major + "_HOME to a JDK " + major
                + ", or leave out the modes that need it (--modes)"));
    }

    /** As the JDK's {@code release} file names it, e.g. {@code 17.0.15+6-Debian-1deb12u1}. */
    String version(int major) {
        Path release = java(major).getParent().getParent().resolve("release");
        try {
            return Files.readAllLines(release).stream().filter(line -> line.startsWith("JAVA_RUNTIME_VERSION="))
                    .map(line -> line.substring(line.indexOf('=') + 1).replace("\"", "")).findFirst()
                    .orElse(Integer.toString(major));
        } catch (IOException e) {
            return Integer.toString(major);
        }
    }

    private static Optional<Path> find(Map<String, String> environment, String variable, int major) {
        String explicit = environment.get(variable);
        if (explicit != null && !explicit.isBlank()) {
            Path java = Path.of(explicit, "bin", "java");
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException(variable + "=" + explicit + " has no executable bin/java");
            }
            return Optional.of(java);
        }
        if (Runtime.version().feature() == major) {
            return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"));
        }
        return installed(major);
    }

    /** A JDK of that major version under /usr/lib/jvm (Debian's openjdk-17, Temurin's temurin-25-jdk, ...). */
    private static Optional<Path> installed(int major) {
        if (!Files.isDirectory(JVM_DIRECTORY)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(JVM_DIRECTORY)) {
            return homes.filter(home -> home.getFileName().toString().matches(".*\\D" + major + "(\\D.*|$)"))
                    .sorted(Comparator.comparing(Path::toString))
                    .map(home -> home.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
