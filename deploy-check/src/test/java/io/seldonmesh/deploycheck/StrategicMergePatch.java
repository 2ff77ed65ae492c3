package io.seldonmesh.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The part of Kubernetes' strategic merge patch the overlays use: mappings merge key by key, null removes a key,
 * lists of the pod spec merge element by element on their merge key (containers and volumes by name, ports by
 * number, volume mounts by path ...), any other list is replaced. Directives ({@code $patch}, {@code $retainKeys}
 * ...) are refused rather than misread.
 */
final class StrategicMergePatch {

    // the patchMergeKey of these fields in the Kubernetes API
    private static final Map<String, List<String>> MERGE_KEYS = Map.of(
            "containers", List.of("name"),
            "initContainers", List.of("name"),
            "volumes", List.of("name"),
            "env", List.of("name"),
            "volumeMounts", List.of("mountPath"),
            "imagePullSecrets", List.of("name"),
            "ports", List.of("containerPort", "port"),
            "topologySpreadConstraints", List.of("topologyKey"));

    private StrategicMergePatch() {
    }

    static void apply(ObjectNode target, ObjectNode patch) {
        merge(target, patch, "");
    }

    private static void merge(ObjectNode target, ObjectNode patch, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            String at = path + "/" + name;
            if (name.startsWith("$")) {
                throw new IllegalArgumentException("patch directive " + at + " is not supported by deploy-check's resolver");
            }
            JsonNode value = field.getValue();
            JsonNode existing = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value, at);
            } else if (value.isArray() && existing != null && existing.isArray() && MERGE_KEYS.containsKey(name)) {
                mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(name), at);
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, List<String> keys, String path) {
        for (JsonNode element : patch) {
            if (!element.isObject()) {
                throw new IllegalArgumentException(path + ": a list element to merge is not a mapping");
            }
            String key = keys.stream().filter(element::has).findFirst().orElseThrow(() ->
                    new IllegalArgumentException(path + ": a list element has no merge key " + keys));
            ObjectNode match = null;
            for (JsonNode candidate : target) {
                if (candidate.isObject() && element.get(key).equals(candidate.get(key))) {
                    match = (ObjectNode) candidate;
                }
            }
            if (match == null) {
                target.add(element.deepCopy());
            } else {
                merge(match, (ObjectNode) element, path + "[" + key + "=" + element.get(key).asText() + "]");
            }
        }
    }
}
