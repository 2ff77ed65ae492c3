package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.StorageLocation;

/**
 * The directories a Model's local {@code storageUri} may name ({@code LOCAL_STORAGE_ROOTS}; none by
 * default). Anyone who can write a Model spec chooses its {@code storageUri}: without this rule a
 * path such as {@code /etc/ssh}, or the fetcher's own secrets directory, would be copied into the
 * models volume. A local path is taken only when, written without {@code ..}, it lies inside a root,
 * and its real path (every symbolic link resolved) does too; so does every file found under it.
 */
public final class LocalStorageRoots {

    static final String VARIABLE = "LOCAL_STORAGE_ROOTS";

    /** A local source accepted: the real paths of its root and of the directory itself. */
    record Confined(String storageUri, Path root, Path directory) {
    }

    private final List<Path> roots;

    /** @throws IllegalArgumentException naming the variable when a root is not an absolute path to a directory */
    public LocalStorageRoots(List<Path> roots) {
        for (Path root : roots) {
            if (!root.isAbsolute() || !Files.isDirectory(root)) {
                throw new IllegalArgumentException(VARIABLE + " entry '" + root + "' is not an absolute path to an existing "
                        + "directory; list the directories Models may be copied from, comma-separated, e.g. /srv/models");
            }
        }
        this.roots = roots.stream().map(Path::normalize).toList();
    }

    public static LocalStorageRoots none() {
        return new LocalStorageRoots(List.of());
    }

    /** The directory a local storageUri names, once it is known to stay inside a root; refuses with the rule otherwise. */
    Confined confine(String model, StorageLocation.Local location) {
        String uri = location.storageUri();
        if (roots.isEmpty()) {
            throw new FetchFailure("Model " + model + ": storageUri '" + uri + "' is a local path, and local paths are "
                    + "refused: " + VARIABLE + " is not set on this model-fetcher; set it to the directories Models may be "
                    + "copied from, or store the model in S3");
        }
        for (Path segment : location.directory()) {
            if (segment.toString().equals("..")) {
                throw refused(model, uri, "it contains '..'; name the directory inside " + allowed() + " without '..'");
            }
        }
        Path requested = location.directory().normalize();
        Path root = rootHolding(requested).orElseThrow(() -> refused(model, uri, "it is not inside " + allowed()
                + "; move the model into one of them, or add its directory to " + VARIABLE));
        Path real;
        try {
            real = requested.toRealPath();
        } catch (NoSuchFileException e) {
            throw new FetchFailure("Model " + model + ": storageUri directory " + requested + " does not exist or is not a directory", e);
        } catch (IOException e) {
            throw new FetchFailure("Model " + model + ": cannot resolve storageUri directory " + requested + ": " + e, e);
        }
        if (!real.startsWith(root)) {
            throw refused(model, uri, "it resolves through a symbolic link to " + real + ", outside " + allowed()
                    + "; links leading out of a root are not followed, copy the files into the root instead");
        }
        if (!Files.isDirectory(real)) {
            throw new FetchFailure("Model " + model + ": storageUri directory " + requested + " does not exist or is not a directory");
        }
        return new Confined(uri, root, real);
    }

    /** The real path of a file found under a confined directory; refuses one that is a link leading out of the root. */
    Path inside(String model, Confined source, Path found) {
        Path real;
        try {
            real = found.toRealPath();
        } catch (IOException e) {
            throw new FetchFailure("Model " + model + ": cannot resolve " + found + " (a broken symbolic link?): " + e, e);
        }
        if (!real.startsWith(source.root())) {
            throw refused(model, source.storageUri(), found + " is a symbolic link to " + real + ", outside " + allowed()
                    + "; links leading out of a root are not followed, copy the file into the root instead");
        }
        return real;
    }

    /** The root a lexically clean path lies in, as its real path: roots may themselves be links (a mounted volume). */
    private Optional<Path> rootHolding(Path requested) {
        for (Path root : roots) {
            Path real = realRoot(root);
            if (requested.startsWith(root) || requested.startsWith(real)) {
                return Optional.of(real);
            }
        }
        return Optional.empty();
    }

    private static Path realRoot(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new FetchFailure(VARIABLE + " entry " + root + " cannot be resolved any more: " + e
                    + "; make sure the directory exists", e);
        }
    }

    private FetchFailure refused(String model, String uri, String why) {
        return new FetchFailure("Model " + model + ": storageUri '" + uri + "' is refused: " + why);
    }

    private String allowed() {
        return VARIABLE + " (" + roots.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")";
    }
}
