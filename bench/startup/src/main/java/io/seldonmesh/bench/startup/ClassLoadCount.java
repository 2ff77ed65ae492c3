package io.seldonmesh.bench.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The classes a start loaded before it was stopped, from {@code -Xlog:class+load}: how many came from a class archive
 * (the JDK's default CDS archive, or the training run's AppCDS archive / AOT cache), how many the JDK's modules
 * supplied otherwise, and how many were read from the application's jars (what no archive covers here).
 */
record ClassLoadCount(int total, int fromArchive, int fromJdk, int fromApplication) {

    static String logOption(Path file) {
        return "-Xlog:class+load=info:file=" + file;
    }

    static ClassLoadCount read(Path file) {
        int total = 0;
        int archive = 0;
        int jdk = 0;
        try (Stream<String> lines = Files.lines(file)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.contains(" source: ")) {
                    continue;
                }
                total++;
                if (line.contains("shared objects file")) {
                    archive++;
                } else if (line.contains("source: jrt:/") || line.contains("source: __JVM_LookupDefineClass__")) {
                    jdk++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class loading log " + file + ": " + e.getMessage(), e);
        }
        return new ClassLoadCount(total, archive, jdk, total - archive - jdk);
    }

    @Override
    public String toString() {
        return total + " (" + fromArchive + " archived, " + fromJdk + " JDK, " + fromApplication + " app)";
    }
}
