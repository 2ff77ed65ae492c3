package io.seldonmesh.modelserver.core;

import io.seldonmesh.modelserver.core.builtin.Builtins;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides which implementation runs a model directory: {@code implementation} from
 * model-settings.json (a built-in name or {@code onnx}); without it, ONNX when the directory
 * holds an {@code .onnx} file.
 */
public final class ModelFactory {

    public static final String ONNX = "onnx";
    private static final String PREFERRED_ONNX_FILE = "model.onnx";

    private final OnnxRuntime onnx;

    public ModelFactory(OnnxRuntime onnx) {
        this.onnx = onnx;
    }

    public Model create(ModelSource source) {
        ModelSettings settings = source.settings();
        String implementation = settings.implementation().orElseGet(() -> {
            if (settings.uri().map(uri -> uri.endsWith(".onnx")).orElse(false) || !source.onnxFiles().isEmpty()) {
                return ONNX;
            }
            throw ModelServerException.loadFailed("model '" + source.name() + "' in " + source.directory()
                    + " has no " + ModelSettings.FILE_NAME + " with an \"implementation\" and no .onnx file;"
                    + " add one of them (built-in implementations: " + Builtins.NAMES + ")");
        });
        if (ONNX.equals(implementation)) {
            return onnx.open(source.name(), onnxFile(source));
        }
        return Builtins.create(implementation, source.name(), settings).orElseThrow(() -> ModelServerException.loadFailed(
                settings.source() + ": unknown implementation '" + implementation + "' for model '" + source.name()
                        + "'; use " + ONNX + " or one of the built-ins " + Builtins.NAMES));
    }

    private static Path onnxFile(ModelSource source) {
        Path directory = source.directory().toAbsolutePath().normalize();
        if (source.settings().uri().isPresent()) {
            String uri = source.settings().uri().get();
            Path file = directory.resolve(uri).normalize();
            if (!file.startsWith(directory)) {
                throw ModelServerException.loadFailed(source.settings().source() + ": uri '" + uri
                        + "' points outside the model directory " + directory + "; give a path inside it");
            }
            return file;
        }
        List<String> files = source.onnxFiles();
        if (files.size() == 1) {
            return directory.resolve(files.get(0));
        }
        if (files.contains(PREFERRED_ONNX_FILE)) {
            return directory.resolve(PREFERRED_ONNX_FILE);
        }
        throw ModelServerException.loadFailed("model '" + source.name() + "' in " + directory
                + (files.isEmpty() ? " has no .onnx file" : " has several .onnx files " + files)
                + "; name the file with parameters.uri in " + ModelSettings.FILE_NAME);
    }
}
