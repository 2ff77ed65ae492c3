package io.seldonmesh.modelfetcher.core;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The models this replica holds (downloaded and loaded), with the version, memory and verification
 * of each, and what the last check of the model server found about it.
 */
public final class HeldModels {

    /**
     * @param memoryBytes  what the spec declared, 0 when it declared nothing
     * @param verified     how the files on disk were verified, for the status
     */
    public record Held(String version, long memoryBytes, Verified verified, ServerFinding finding) {

        /** Just loaded: the server has it. */
        public Held(String version, long memoryBytes, Verified verified) {
            this(version, memoryBytes, verified, ServerFinding.LOADED);
        }
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

    /** Model name to the version held, for comparing with the model server. */
    public Map<String, String> versions() {
        return held.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> entry.getValue().version()));
    }

    /**
     * Records a finding about {@code version} of the model; a finding about a version replaced
     * meanwhile is dropped. True when it differs from the one recorded, i.e. something is to be done.
     */
    public boolean note(String model, String version, ServerFinding finding) {
        boolean[] changed = {false};
        held.computeIfPresent(model, (name, current) -> {
            if (!current.version().equals(version) || current.finding().equals(finding)) {
                return current;
            }
            changed[0] = true;
            return new Held(current.version(), current.memoryBytes(), current.verified(), finding);
        });
        return changed[0];
    }

    /** Memory declared by every held model except {@code model}: what a new version of it must fit beside. */
    public long memoryExcept(String model) {
        return held.entrySet().stream().filter(entry -> !entry.getKey().equals(model))
                .mapToLong(entry -> entry.getValue().memoryBytes()).sum();
    }
}
