package io.seldonmesh.bench.pipelinegateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A models root for model-server where every model is its built-in identity under its own name (MLServer's layout,
 * {@code <root>/<model>/model-settings.json}): the model call costs the same on every path and step, and what a
 * path adds is the path.
 */
final class IdentityModels {

    private IdentityModels() {
    }

    static Path write(Path root, List<String> models) throws IOException {
        for (String model : models) {
            Path directory = Files.createDirectories(root.resolve(model));
            Files.writeString(directory.resolve("model-settings.json"),
                    "{\"name\": \"" + model + "\", \"implementation\": \"identity\"}\n");
        }
        return root;
    }
}
