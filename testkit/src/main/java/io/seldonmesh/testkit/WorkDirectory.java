package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a server keeps its configuration, log and data. Under Maven (surefire sets {@code basedir})
 * that is {@code target/testkit/}, so logs of a failed run survive next to the test reports and
 * {@code mvn clean} removes them; elsewhere it is the system temp directory. {@code testkit.workdir}
 * overrides both.
 */
final class WorkDirectory {

    private WorkDirectory() {
    }

    static Path create(String serverName) {
        Path base = base();
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, serverName + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for " + serverName + " under " + base
                    + ": " + e.getMessage() + "; set -Dtestkit.workdir to a writable directory", e);
        }
    }

    private static Path base() {
        String explicit = System.getProperty("testkit.workdir");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String maven = System.getProperty("basedir");
        if (maven != null && Files.isDirectory(Path.of(maven, "target"))) {
            return Path.of(maven, "target", "testkit");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "testkit");
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    // a server that is still stopping may remove its own files while we walk
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
