package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.seldonmesh.modelfetcher.core.CacheManifest;
import io.seldonmesh.modelfetcher.core.CachedFile;

/**
 * The version directory being assembled. Verified files are moved in one by one and recorded in its
 * manifest, which is rewritten at most once a second (and at the end): after a crash, the files it
 * lists are kept and the rest fetched again.
 */
final class StagingArea {

    private static final long MANIFEST_INTERVAL_NANOS = 1_000_000_000L;

    private final Path directory;
    private final Path inflight;
    private final AtomicInteger inflightNames = new AtomicInteger();
    private CacheManifest manifest;
    private long manifestWrittenAt = System.nanoTime();

    StagingArea(Path directory, Path inflight, CacheManifest manifest) {
        this.directory = directory;
        this.inflight = inflight;
        this.manifest = manifest;
    }

    synchronized CacheManifest manifest() {
        return manifest;
    }

    Map<String, Long> filesOnDisk() {
        return ModelDirectory.filesOnDisk(directory);
    }

    /** A fresh file for an object still arriving; the name does not depend on the key. */
    Path newInflightFile() {
        return inflight.resolve(inflightNames.incrementAndGet() + ".part");
    }

    /** Takes a verified file in under its path and records it. */
    void accept(Path verified, CachedFile file) {
        Path target = resolve(file.path());
        try {
            Files.createDirectories(target.getParent());
            Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + verified + " to " + target, e);
        }
        record(file);
    }

    /** Reuses a verified file of a committed version: a hard link (no copy) where the file system allows. */
    void adopt(Path committedFile, CachedFile file) {
        Path target = resolve(file.path());
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            try {
                Files.createLink(target, committedFile);
            } catch (IOException | UnsupportedOperationException noHardLinks) {
                Files.copy(committedFile, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reuse " + committedFile + " as " + target, e);
        }
        record(file);
    }

    void delete(String path) {
        try {
            Files.deleteIfExists(resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + resolve(path), e);
        }
        synchronized (this) {
            manifest = manifest.without(path);
        }
    }

    synchronized void writeManifest() {
        ModelDirectory.writeManifest(directory, manifest);
        manifestWrittenAt = System.nanoTime();
    }

    private synchronized void record(CachedFile file) {
        manifest = manifest.with(file);
        if (System.nanoTime() - manifestWrittenAt > MANIFEST_INTERVAL_NANOS) {
            writeManifest();
        }
    }

    private Path resolve(String path) {
        return directory.resolve(path.replace("/", directory.getFileSystem().getSeparator()));
    }
}
