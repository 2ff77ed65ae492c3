package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.seldonmesh.modelfetcher.core.CacheManifest;

/**
 * Reads and writes a {@link CacheManifest} as JSON. A write goes to a temporary file first and is
 * renamed over the old one, so a crash leaves the old manifest or the new one, never half of one.
 * An unreadable manifest counts as none: its files are downloaded again rather than trusted.
 */
final class ManifestFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestFile() {
    }

    static Optional<CacheManifest> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), CacheManifest.class));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** Builds the JSON mapping once, so that the first re-sync does not pay for it. */
    static void warmUp() {
        try {
            JSON.readValue(JSON.writeValueAsBytes(CacheManifest.empty("warm-up")), CacheManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the manifest JSON mapping does not round-trip", e);
        }
    }

    static void write(Path file, CacheManifest manifest) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), manifest);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
