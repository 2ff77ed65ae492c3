package io.seldonmesh.modelserver.io;

import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.runtime.DoctorCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The directory models are loaded from: it must be a readable directory; the model directories found there are what
 * the server can load. model-fetcher writes into it, so a read-only mount is worth a warning, not a failure.
 */
public final class ModelsRootCheck implements DoctorCheck {

    static final String LAYER = "models-root";

    private final ModelsRoot modelsRoot;

    public ModelsRootCheck(ModelsRoot modelsRoot) {
        this.modelsRoot = modelsRoot;
    }

    @Override
    public List<Finding> examine() {
        Path root = modelsRoot.root();
        if (!Files.exists(root)) {
            return List.of(Finding.warn(LAYER, root + " does not exist yet, so there is nothing to load: mount the"
                    + " volume model-fetcher downloads into there, or set MODELS_ROOT to it"));
        }
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            return List.of(Finding.fail(LAYER, root + " is not a readable directory: set MODELS_ROOT to the directory"
                    + " model-fetcher downloads into (<root>/<model>/<version>/)"));
        }
        List<String> models = modelsRoot.modelNames();
        String found = models.isEmpty() ? "no model directories yet" : models.size() + " model directories: "
                + String.join(", ", models);
        if (!Files.isWritable(root)) {
            return List.of(Finding.warn(LAYER, root + " is read-only for this process (" + found + "): model-fetcher,"
                    + " which shares it, needs to write there"));
        }
        return List.of(Finding.ok(LAYER, root + ", " + found));
    }
}
