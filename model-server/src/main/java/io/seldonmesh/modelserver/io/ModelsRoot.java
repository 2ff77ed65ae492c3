package io.seldonmesh.modelserver.io;

import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSettings;
import io.seldonmesh.modelserver.core.ModelSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directory model-fetcher downloads into: {@code <root>/<model>/<version>/}.
 *
 * <p>Which version is loaded when none is asked for: the highest all-digit directory name
 * (numerically, so 10 beats 9); when no name is all digits, the most recently modified directory
 * (ties go to the greater name). Names starting with '.' are never versions, so a download in
 * progress in a hidden temporary directory is not picked up. A model directory with no version
 * directories that itself holds model-settings.json or an .onnx file is a single unversioned model
 * (MLServer's layout); its version is {@code parameters.version} of its settings, else empty.
 */
public final class ModelsRoot {

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    private final Path root;

    public ModelsRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Names of the model directories present, sorted. */
    public List<String> modelNames() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .filter(name -> MODEL_NAME.matcher(name).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the models root " + root, e);
        }
    }

    public ModelSource locate(String name, Optional<String> version) {
        if (!MODEL_NAME.matcher(name).matches()) {
            throw ModelServerException.invalidInput("model name '" + name + "' is not valid: use letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit");
        }
        Path modelDirectory = root.resolve(name);
        if (!Files.isDirectory(modelDirectory)) {
            throw ModelServerException.notFound("model '" + name + "' not found: there is no directory " + modelDirectory
                    + " (models root " + root + ", set with MODELS_ROOT); download the model there first");
        }
        List<Path> versions = versionDirectories(modelDirectory);
        if (version.isPresent()) {
            Path requested = modelDirectory.resolve(version.get()).normalize();
            if (!requested.getFileName().toString().equals(version.get()) || !versions.contains(requested)) {
                throw ModelServerException.notFound("model '" + name + "' has no version '" + version.get() + "' in "
                        + modelDirectory + "; versions present: " + names(versions));
            }
            return read(name, version.get(), requested);
        }
        if (versions.isEmpty()) {
            if (holdsModel(modelDirectory)) {
                ModelSettings settings = settings(modelDirectory);
                return read(name, settings.version().orElse(""), modelDirectory);
            }
            throw ModelServerException.loadFailed("model '" + name + "' in " + modelDirectory
                    + " has no version directory (e.g. " + modelDirectory.resolve("1") + ") and no "
                    + ModelSettings.FILE_NAME + " or .onnx file of its own");
        }
        Path chosen = latest(versions);
        return read(name, chosen.getFileName().toString(), chosen);
    }

    static Path latest(List<Path> versions) {
        List<Path> numeric = versions.stream().filter(path -> NUMERIC.matcher(path.getFileName().toString()).matches()).toList();
        if (!numeric.isEmpty()) {
            return numeric.stream().max(Comparator.comparing(path -> new BigInteger(path.getFileName().toString()))).orElseThrow();
        }
        return versions.stream()
                .max(Comparator.comparing(ModelsRoot::modified).thenComparing(path -> path.getFileName().toString()))
                .orElseThrow();
    }

    private ModelSource read(String name, String version, Path directory) {
        return new ModelSource(name, version, directory, settings(directory), onnxFiles(directory));
    }

    private static ModelSettings settings(Path directory) {
        Path file = directory.resolve(ModelSettings.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return ModelSettings.none(directory.toString());
        }
        try {
            return ModelSettings.parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw ModelServerException.loadFailed("cannot read " + file + ": " + e, e);
        }
    }

    private static boolean holdsModel(Path directory) {
        return Files.isRegularFile(directory.resolve(ModelSettings.FILE_NAME)) || !onnxFiles(directory).isEmpty();
    }

    private static List<String> onnxFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .map(path -> path.getFileName().toString())
                    .filter(file -> file.endsWith(".onnx"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw ModelServerException.loadFailed("cannot list " + directory + ": " + e, e);
        }
    }

    private static List<Path> versionDirectories(Path modelDirectory) {
        try (Stream<Path> children = Files.list(modelDirectory)) {
            return children.filter(Files::isDirectory)
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .map(Path::normalize)
                    .toList();
        } catch (IOException e) {
            throw ModelServerException.loadFailed("cannot list " + modelDirectory + ": " + e, e);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(path -> path.getFileName().toString()).sorted().toList();
    }
}
