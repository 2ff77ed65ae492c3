package io.seldonmesh.common.status;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The latest status of every model replica, as the compacted {@code status.models} topic holds it: the one place
 * that says when a model can be served — when any of its replicas is {@code Available} — and, when it cannot,
 * why, replica by replica. Safe to read from any thread while one thread writes.
 */
public final class ModelStatusTable {

    private final Map<String, SortedMap<String, ModelStatus>> models = new ConcurrentHashMap<>();

    /** A record of the status topic; a null status is a tombstone (the replica is gone). */
    public void put(ModelStatusKey key, ModelStatus status) {
        models.compute(key.model(), (model, replicas) -> {
            SortedMap<String, ModelStatus> updated = replicas == null ? new TreeMap<>() : new TreeMap<>(replicas);
            if (status == null) {
                updated.remove(key.replica());
            } else {
                updated.put(key.replica(), status);
            }
            return updated.isEmpty() ? null : Collections.unmodifiableSortedMap(updated);
        });
    }

    /** The status of each replica of {@code model}, by replica id; empty when none has reported. */
    public SortedMap<String, ModelStatus> replicas(String model) {
        return models.getOrDefault(model, Collections.emptySortedMap());
    }

    /** Whether any replica of {@code model} is Available. */
    public boolean available(String model) {
        return replicas(model).values().stream().anyMatch(status -> status.state() == ModelState.AVAILABLE);
    }

    /** The Available replicas' statuses, in replica order. */
    public List<ModelStatus> availableReplicas(String model) {
        return replicas(model).values().stream().filter(status -> status.state() == ModelState.AVAILABLE).toList();
    }

    /** Every model some replica has reported on. */
    public List<String> models() {
        return List.copyOf(new TreeSet<>(models.keySet()));
    }

    /**
     * Why {@code model} cannot be served, for a person: "replica server-0 is LoadFailed (...); replica server-1 is
     * Loading", or that no model server has reported it.
     */
    public String describe(String model) {
        SortedMap<String, ModelStatus> replicas = replicas(model);
        if (replicas.isEmpty()) {
            return "no model server has reported loading it yet";
        }
        return replicas.entrySet().stream().map(replica -> "replica " + replica.getKey() + " is "
                        + stateName(replica.getValue().state())
                        + (replica.getValue().reason() == null ? "" : " (" + replica.getValue().reason() + ")"))
                .collect(Collectors.joining("; "));
    }

    /** The state as written on the status topic: {@code Available}, {@code LoadFailed}, ... */
    public static String stateName(Enum<?> state) {
        StringBuilder name = new StringBuilder();
        for (String word : state.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }
}
