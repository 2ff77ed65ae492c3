package io.seldonmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One line of {@code status} and {@code list}, from a resource as the control API shows it: models have a status per
 * replica (state, version, reason), pipelines one status record.
 */
record StatusSummary(String name, boolean ready, String state, String version, String reason) {

    static final String[] COLUMNS = {"NAME", "READY", "STATE", "VERSION", "REASON"};

    static StatusSummary of(ResourceKind kind, JsonNode resource) {
        JsonNode status = resource.path("status");
        String name = resource.path("metadata").path("name").asText("?");
        boolean ready = status.path("ready").asBoolean(false);
        Set<String> states = new LinkedHashSet<>();
        Set<String> versions = new LinkedHashSet<>();
        Set<String> reasons = new LinkedHashSet<>();
        if (status.hasNonNull("reason")) {
            reasons.add(status.get("reason").asText());
        }
        Iterable<JsonNode> records = kind == ResourceKind.MODEL ? status.path("replicas") : List.of(status.path("pipeline"));
        for (JsonNode record : records) {
            addText(states, record, "state");
            addText(versions, record, "version");
            addText(reasons, record, "reason");
        }
        return new StatusSummary(name, ready, joined(states), joined(versions), joined(reasons));
    }

    String[] cells() {
        return new String[] {name, ready ? "true" : "false", state, version, Shortened.text(reason, 120)};
    }

    private static void addText(Set<String> into, JsonNode record, String field) {
        if (record.hasNonNull(field) && !record.get(field).asText().isBlank()) {
            into.add(record.get(field).asText());
        }
    }

    private static String joined(Set<String> values) {
        return values.isEmpty() ? "-" : String.join(", ", values);
    }
}
