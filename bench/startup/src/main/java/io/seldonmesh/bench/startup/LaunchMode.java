package io.seldonmesh.bench.startup;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a service's JVM is started: plain, or with a class archive written by a training run of the same service on
 * the same JDK. AppCDS on 17 (a dynamic archive written at exit, {@code -XX:ArchiveClassesAtExit}) and the AOT cache on
 * 25 (classes loaded and linked, plus method profiles, JEP 483/514/515) both take in the application's classes too:
 * Quarkus' class loader defines them from the jars under {@code lib/}, and the JVM archives them as a custom loader's
 * classes. What stays out (hidden classes, classes that fail verification, classes generated at run time) shows in the
 * report's class counts.
 */
enum LaunchMode {

    JVM17("jvm17", 17, Optional.empty()),
    CDS17("cds17", 17, Optional.of(new Archive("app-cds.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="))),
    JVM25("jvm25", 25, Optional.empty()),
    AOT25("aot25", 25, Optional.of(new Archive("app.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=")));

    /**
     * A class archive: its file name (Quarkus' names, next to {@code quarkus-run.jar}), the option that writes it at
     * the end of a training run and the option that uses it.
     */
    record Archive(String fileName, String writeOption, String useOption) {
    }

    private final String label;
    private final int javaMajor;
    private final Optional<Archive> archive;

    LaunchMode(String label, int javaMajor, Optional<Archive> archive) {
        this.label = label;
        this.javaMajor = javaMajor;
        this.archive = archive;
    }

    String label() {
        return label;
    }

    int javaMajor() {
        return javaMajor;
    }

    Optional<Archive> archive() {
        return archive;
    }

    /** The options of a measured start; {@code archiveFile} is where this mode's training run wrote its archive. */
    List<String> options(Path archiveFile) {
        return archive.map(a -> List.of(a.useOption() + archiveFile)).orElse(List.of());
    }

    static LaunchMode of(String label) {
        for (LaunchMode mode : values()) {
            if (mode.label.equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("no launch mode '" + label + "': use jvm17, cds17, jvm25 or aot25");
    }
}
