package io.seldonmesh.modelserver;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Settings of the model server; the environment variable of each is in application.properties. */
@ConfigMapping(prefix = "model-server")
public interface ModelServerConfig {

    /** Where model-fetcher downloads models: {@code <models-root>/<model>/<version>/} ({@code MODELS_ROOT}). */
    Path modelsRoot();

    /** Models to load at start-up, by name, or {@code *} for every model directory ({@code MODELS_LOAD_AT_STARTUP}). */
    Optional<List<String>> loadAtStartup();
}
