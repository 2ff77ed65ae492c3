package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.seldonmesh.modelfetcher.core.CachedFile;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.RemoteObject;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.VerificationMethod;

/**
 * A model whose {@code storageUri} is a local directory (development, or a volume shared with the
 * fetcher): copied into the same version layout as a download, so the model server sees one
 * layout. A file counts as unchanged while its size and modification time are; a copy on one
 * machine has nothing to verify but its length.
 */
public final class LocalArtifactCopier {

    private final VersionSync versions;

    public LocalArtifactCopier(Path modelsRoot, MeterRegistry registry) {
        this.versions = new VersionSync(modelsRoot, registry);
    }

    public FetchResult copy(String model, String version, StorageLocation.Local location) {
        Path source = location.directory();
        List<RemoteObject> files = list(model, source);
        return versions.sync(model, version, location.storageUri(), files, (staging, plan) -> {
            List<CachedFile> copied = new ArrayList<>();
            for (RemoteObject file : plan.toDownload()) {
                Path part = staging.newInflightFile();
                try {
                    Files.copy(Path.of(file.key()), part, StandardCopyOption.REPLACE_EXISTING);
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
                copied.add(cached);
            }
            return copied;
        });
    }

    private static List<RemoteObject> list(String model, Path source) {
        if (!Files.isDirectory(source)) {
            throw new FetchFailure("Model " + model + ": storageUri directory " + source + " does not exist or is not a directory");
        }
        String prefix = source.toString().endsWith("/") ? source.toString() : source + "/";
        try (Stream<Path> walk = Files.walk(source)) {
            List<RemoteObject> files = new ArrayList<>();
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String key = file.toString();
                String identity = Files.size(file) + "-" + Files.getLastModifiedTime(file).toMillis();
                RemoteObject.under(model, prefix, key, Files.size(file), identity).ifPresent(files::add);
            }
            if (files.isEmpty()) {
                throw new FetchFailure("Model " + model + ": storageUri directory " + source + " holds no files");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + source, e);
        }
    }
}
