package io.seldonmesh.modelserver.core;

import java.nio.file.Path;

/** Opens ONNX files as models; the ONNX Runtime adapter in {@code io} implements it. */
public interface OnnxRuntime {

    Model open(String modelName, Path file);
}
