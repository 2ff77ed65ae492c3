package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.seldonmesh.modelfetcher.core.CacheManifest;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.VerificationSummary;
import io.seldonmesh.modelfetcher.core.Verified;

/**
 * The on-disk layout of one model: {@code <root>/<model>/<version>/} holds a committed, verified
 * version; {@code .staging-<version>/} is the version being assembled (kept across a crash, so the
 * next attempt resumes from its manifest); {@code .inflight-<version>/} holds objects still
 * arriving, discarded on every start. A version appears in one rename, so a model server never
 * sees a half-downloaded directory.
 */
public final class ModelDirectory {

    static final String MANIFEST = ".model-fetcher.json";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String STAGING = ".staging-";
    private static final String INFLIGHT = ".inflight-";
    private static final String RETIRED = ".retired-";

    private final Path modelDirectory;
    private final String model;
    private final String version;

    public ModelDirectory(Path modelsRoot, String model, String version) {
        if (!SEGMENT.matcher(model).matches()) {
            throw new FetchFailure("Model name '" + model + "' cannot be a directory name (letters, digits, '.', '_', '-')");
        }
        if (!SEGMENT.matcher(version).matches()) {
            throw new FetchFailure("Model " + model + ": version '" + version + "' cannot be a directory name");
        }
        this.modelDirectory = modelsRoot.resolve(model);
        this.model = model;
        this.version = version;
    }

    public Path committed() {
        return modelDirectory.resolve(version);
    }

    Path staging() {
        return modelDirectory.resolve(STAGING + version);
    }

    Path inflight() {
        return modelDirectory.resolve(INFLIGHT + version);
    }

    boolean isCommitted() {
        return Files.isDirectory(committed());
    }

    /**
     * The committed directory to reuse files from: this version's, else the most recent other
     * version of the model (a new version often changes one file or none).
     */
    Optional<Path> reusableVersion() {
        if (isCommitted()) {
            return Optional.of(committed());
        }
        if (!Files.isDirectory(modelDirectory)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(modelDirectory)) {
            return children.filter(child -> !child.getFileName().toString().startsWith("."))
                    .filter(child -> Files.isRegularFile(child.resolve(MANIFEST)))
                    .max(Comparator.comparing(ModelDirectory::modified));
        } catch (IOException e) {
            throw failure("cannot list " + modelDirectory, e);
        }
    }

    /**
     * The verification of this committed version when every file its manifest lists (written only
     * after verification) is on disk at its size: then it can be loaded again without asking storage.
     */
    Optional<Verified> verifiedOnDisk() {
        if (!isCommitted()) {
            return Optional.empty();
        }
        Optional<CacheManifest> manifest = readManifest(committed());
        Map<String, Long> onDisk = filesOnDisk(committed());
        if (manifest.isEmpty() || manifest.get().files().isEmpty() || !manifest.get().files().values().stream()
                .allMatch(file -> Long.valueOf(file.size()).equals(onDisk.get(file.path())))) {
            return Optional.empty();
        }
        VerificationSummary summary = new VerificationSummary();
        manifest.get().files().values().forEach(summary::add);
        return Optional.of(summary.verified());
    }

    /** Creates the staging directory if needed and empties the in-flight one. */
    void openStaging() {
        try {
            Files.createDirectories(staging());
            deleteRecursively(inflight());
            Files.createDirectories(inflight());
        } catch (IOException e) {
            throw failure("cannot prepare " + staging(), e);
        }
    }

    /** Drops a half-assembled copy of a version that turned out to be current after all. */
    void discardStaging() {
        try {
            deleteRecursively(staging());
            deleteRecursively(inflight());
        } catch (IOException e) {
            throw failure("cannot delete " + staging(), e);
        }
    }

    /** Moves the staging directory into place as the version, replacing an older copy of it. */
    void commit() {
        try {
            deleteRecursively(inflight());
            if (isCommitted()) {
                // rename(2) cannot replace a non-empty directory: set the old one aside first.
                Path retired = modelDirectory.resolve(RETIRED + version + "-" + System.nanoTime());
                move(committed(), retired);
                move(staging(), committed());
                deleteRecursively(retired);
            } else {
                move(staging(), committed());
            }
        } catch (IOException e) {
            throw failure("cannot move " + staging() + " to " + committed(), e);
        }
    }

    /** Removes every version of the model and any leftovers (the Model was deleted). */
    public void removeModel() {
        try {
            deleteRecursively(modelDirectory);
        } catch (IOException e) {
            throw failure("cannot delete " + modelDirectory, e);
        }
    }

    /**
     * Removes every trace of this version, committed or not, and the model's directory when that
     * leaves it empty: what a refused or failed local load copied must not stay in the models volume.
     */
    public void discardVersion() {
        try {
            deleteRecursively(committed());
            deleteRecursively(staging());
            deleteRecursively(inflight());
            if (Files.isDirectory(modelDirectory)) {
                try (Stream<Path> rest = Files.list(modelDirectory)) {
                    if (rest.findAny().isEmpty()) {
                        Files.delete(modelDirectory);
                    }
                }
            }
        } catch (IOException e) {
            throw failure("cannot delete version " + version + " in " + modelDirectory, e);
        }
    }

    /** Once this version is loaded, the older ones only take disk space. */
    public void removeOtherVersions() {
        deleteChildren(name -> !name.startsWith(".") && !name.equals(version), "old versions");
    }

    /** Removes what a crashed or abandoned run of another version left behind. */
    public void removeLeftovers() {
        deleteChildren(name -> name.startsWith(RETIRED) || name.startsWith(INFLIGHT)
                || name.startsWith(STAGING) && !name.equals(STAGING + version), "leftovers");
    }

    private void deleteChildren(Predicate<String> unwanted, String what) {
        if (!Files.isDirectory(modelDirectory)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(modelDirectory)) {
            for (Path child : children) {
                if (unwanted.test(child.getFileName().toString())) {
                    deleteRecursively(child);
                }
            }
        } catch (IOException e) {
            throw failure("cannot delete " + what + " in " + modelDirectory, e);
        }
    }

    static Optional<CacheManifest> readManifest(Path directory) {
        return ManifestFile.read(directory.resolve(MANIFEST));
    }

    static void writeManifest(Path directory, CacheManifest manifest) {
        ManifestFile.write(directory.resolve(MANIFEST), manifest);
    }

    /** Every regular file under {@code directory} except the manifest, by '/'-separated relative path. */
    static Map<String, Long> filesOnDisk(Path directory) {
        Map<String, Long> sizes = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return sizes;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String relative = directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (!relative.equals(MANIFEST)) {
                    sizes.put(relative, file.toFile().length());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return sizes;
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(each);
                } catch (NoSuchFileException alreadyGone) {
                    // Another cleanup got there first; the outcome is the same.
                }
            }
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the models directory must be one file system so that a version appears in one "
                    + "rename; " + from + " and " + to + " are not", e);
        }
    }

    private FetchFailure failure(String what, IOException e) {
        return new FetchFailure("Model " + model + ": " + what + ": " + e, e);
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
