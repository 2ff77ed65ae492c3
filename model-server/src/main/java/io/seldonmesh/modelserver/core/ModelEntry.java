package io.seldonmesh.modelserver.core;

import java.util.Optional;

/**
 * What the registry knows about one model name: its state, the version being served or tried,
 * why it is not ready, and the loaded model when there is one (a reload keeps serving the
 * previous version while the new one loads).
 */
public record ModelEntry(String name, String version, ModelState state, String reason, Optional<LoadedModel> loaded) {

    static ModelEntry loading(String name, Optional<LoadedModel> previous) {
        return new ModelEntry(name, previous.map(LoadedModel::version).orElse(""),
                previous.isPresent() ? ModelState.READY : ModelState.LOADING, "", previous);
    }

    static ModelEntry ready(LoadedModel model) {
        return new ModelEntry(model.name(), model.version(), ModelState.READY, "", Optional.of(model));
    }

    static ModelEntry failed(String name, String reason) {
        return new ModelEntry(name, "", ModelState.UNAVAILABLE, reason, Optional.empty());
    }
}
