package io.seldonmesh.modelfetcher.core;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.seldonmesh.common.spec.Model;

/**
 * The latest record of each model read from the control topic: what should be true. Every action
 * on a model (a new spec, a retry, a reload after the model server lost it) applies what is here
 * when it runs, so a late retry can never bring back a version a newer spec replaced.
 */
public final class DeclaredModels {

    /** @param model empty when the latest record is a deletion */
    public record Declared(Optional<Model> model, String version) {
    }

    private final Map<String, Declared> declared = new ConcurrentHashMap<>();

    public void put(String name, Optional<Model> model, String version) {
        declared.put(name, new Declared(model, version));
    }

    /** Empty for a model no record mentions (a directory left from before a restart). */
    public Optional<Declared> get(String name) {
        return Optional.ofNullable(declared.get(name));
    }
}
