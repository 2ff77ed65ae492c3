package io.seldonmesh.modelfetcher.core;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The models this replica holds (downloaded and loaded), with the version and memory of each. */
public final class HeldModels {

    /** @param memoryBytes what the spec declared, 0 when it declared nothing */
    public record Held(String version, long memoryBytes) {
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public Optional<Held> get(String model) {
        return Optional.ofNullable(held.get(model));
    }

    public void put(String model, Held state) {
        held.put(model, state);
    }

    public void remove(String model) {
        held.remove(model);
    }

    public Set<String> names() {
        return Set.copyOf(held.keySet());
    }

    /** Memory declared by every held model except {@code model}: what a new version of it must fit beside. */
    public long memoryExcept(String model) {
        return held.entrySet().stream().filter(entry -> !entry.getKey().equals(model))
                .mapToLong(entry -> entry.getValue().memoryBytes()).sum();
    }
}
