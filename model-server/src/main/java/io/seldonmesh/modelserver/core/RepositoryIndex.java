package io.seldonmesh.modelserver.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The repository index as Triton reports it: every model the registry knows plus every model
 * directory on disk, each with state and reason; models on disk that were never loaded (or were
 * unloaded) are UNAVAILABLE.
 */
public final class RepositoryIndex {

    public record Item(String name, String version, ModelState state, String reason) {
    }

    public static final String NOT_LOADED = "not loaded";

    private RepositoryIndex() {
    }

    public static List<Item> of(Collection<ModelEntry> known, List<String> onDisk, boolean readyOnly) {
        Map<String, ModelEntry> byName = known.stream().collect(Collectors.toMap(ModelEntry::name, Function.identity()));
        List<Item> items = new ArrayList<>();
        for (ModelEntry entry : known) {
            items.add(new Item(entry.name(), entry.version(), entry.state(), entry.reason()));
        }
        for (String name : onDisk) {
            if (!byName.containsKey(name)) {
                items.add(new Item(name, "", ModelState.UNAVAILABLE, NOT_LOADED));
            }
        }
        return items.stream()
                .filter(item -> !readyOnly || item.state() == ModelState.READY)
                .sorted(Comparator.comparing(Item::name))
                .toList();
    }
}
