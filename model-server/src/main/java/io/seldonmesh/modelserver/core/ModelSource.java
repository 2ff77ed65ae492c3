package io.seldonmesh.modelserver.core;

import java.nio.file.Path;
import java.util.List;

/**
 * One version directory of a model as found on disk: its settings (or {@link ModelSettings#none})
 * and the {@code *.onnx} files it holds, by file name.
 */
public record ModelSource(String name, String version, Path directory, ModelSettings settings, List<String> onnxFiles) {

    public ModelSource {
        onnxFiles = List.copyOf(onnxFiles);
    }
}
