package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.CachedFile;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.RemoteObject;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.VerificationMethod;

/**
 * A model whose {@code storageUri} is a local directory inside one of the {@link LocalStorageRoots}
 * (development, or a volume shared with the fetcher): copied into the same version layout as a
 * download, so the model server sees one layout. Every file is checked to stay inside the root
 * before anything is copied, and copied from its checked real path. A file counts as unchanged
 * while its size and modification time are; a copy on one machine has nothing to verify but its
 * length.
 */
public final class LocalArtifactCopier {

    private final LocalStorageRoots roots;
    private final VersionSync versions;

    public LocalArtifactCopier(Path modelsRoot, LocalStorageRoots roots, FetcherMetrics metrics) {
        this.roots = roots;
        this.versions = new VersionSync(modelsRoot, metrics);
    }

    public FetchResult copy(String model, String version, StorageLocation.Local location) {
        LocalStorageRoots.Confined source = roots.confine(model, location);
        List<RemoteObject> files = list(model, source);
        return versions.sync(model, version, location.storageUri(), files, (staging, plan) -> {
            List<CachedFile> copied = new ArrayList<>();
            for (RemoteObject file : plan.toDownload()) {
                copied.add(copyOne(model, staging, file));
            }
            return copied;
        });
    }

    /** Copies one file, whose key is its checked real path: a link put in its place since is not followed. */
    private static CachedFile copyOne(String model, StagingArea staging, RemoteObject file) {
        Path part = staging.newInflightFile();
        try (InputStream in = Files.newInputStream(Path.of(file.key()), LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new FetchFailure("Model " + model + ": cannot copy " + file.key() + ": " + e.getMessage(), e);
        }
        long size = part.toFile().length();
        if (size != file.size()) {
            throw new FetchFailure("Model " + model + ": " + file.key() + " changed while it was copied ("
                    + file.size() + " bytes listed, " + size + " copied); copy again when it is complete");
        }
        CachedFile cached = new CachedFile(file.path(), size, file.eTag(), VerificationMethod.SIZE, "size");
        staging.accept(part, cached);
        return cached;
    }

    /** Every regular file under the directory, by its path there, keyed by its real path; links to directories are not followed. */
    private List<RemoteObject> list(String model, LocalStorageRoots.Confined source) {
        Path directory = source.directory();
        String prefix = directory + "/";
        try (Stream<Path> walk = Files.walk(directory)) {
            List<RemoteObject> files = new ArrayList<>();
            for (Path found : walk.filter(path -> !path.equals(directory)).sorted().toList()) {
                Path real = roots.inside(model, source, found);
                if (!Files.isRegularFile(real)) {
                    continue;
                }
                String identity = Files.size(real) + "-" + Files.getLastModifiedTime(real).toMillis();
                RemoteObject.under(model, prefix, found.toString(), Files.size(real), identity)
                        .map(listed -> new RemoteObject(real.toString(), listed.path(), listed.size(), listed.eTag()))
                        .ifPresent(files::add);
            }
            if (files.isEmpty()) {
                throw new FetchFailure("Model " + model + ": storageUri directory " + directory + " holds no files");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
