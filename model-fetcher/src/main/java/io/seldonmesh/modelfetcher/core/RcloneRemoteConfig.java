package io.seldonmesh.modelfetcher.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * An rclone remote as Seldon Core 2 stores it in a Model's {@code secretName} Secret: one key whose
 * value is YAML or JSON {@code {type, name, parameters: {...}}}. Parameter values are kept as text,
 * the way rclone reads them, whether the document wrote {@code false} or {@code "false"}.
 */
public record RcloneRemoteConfig(String secretName, String name, String type, Map<String, String> parameters) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    public RcloneRemoteConfig {
        parameters = Map.copyOf(parameters);
    }

    public Optional<String> parameter(String key) {
        String value = parameters.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** Never prints parameter values: they hold credentials. */
    @Override
    public String toString() {
        return "RcloneRemoteConfig[secret=" + secretName + ", name=" + name + ", type=" + type
                + ", parameters=" + new TreeMap<>(parameters).keySet() + "]";
    }

    public static RcloneRemoteConfig parse(String model, ModelSecret secret) {
        String where = "Model " + model + ": secret '" + secret.name() + "'";
        if (secret.data().isEmpty()) {
            throw new FetchFailure(where + " has no keys; it needs one key holding an rclone remote as YAML or JSON "
                    + "{type: s3, name: <remote>, parameters: {...}}");
        }
        if (secret.data().size() > 1) {
            throw new FetchFailure(where + " has " + secret.data().size() + " keys " + new TreeMap<>(secret.data()).keySet()
                    + "; it must have exactly one, holding the rclone remote");
        }
        Map.Entry<String, String> only = secret.data().entrySet().iterator().next();
        String at = where + " key '" + only.getKey() + "'";
        JsonNode root = read(at, only.getValue());
        if (root == null || !root.isObject()) {
            throw new FetchFailure(at + " is not a mapping; expected YAML or JSON {type: s3, name: <remote>, parameters: {...}}");
        }
        String type = text(root, "type").orElseThrow(() -> new FetchFailure(where + " has no type (expected type: s3)"));
        String name = text(root, "name").orElseThrow(() -> new FetchFailure(where
                + " has no name (the remote name that storageUri starts with, e.g. name: s3 for s3://bucket/path)"));
        JsonNode parametersNode = root.path("parameters");
        if (!parametersNode.isMissingNode() && !parametersNode.isNull() && !parametersNode.isObject()) {
            throw new FetchFailure(where + " has parameters that are not a mapping");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parametersNode.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw new FetchFailure(where + " has parameters." + field.getKey() + " that is not a single value");
            }
            parameters.put(field.getKey(), value.isNull() ? "" : value.asText());
        });
        return new RcloneRemoteConfig(secret.name(), name, type, parameters);
    }

    private static JsonNode read(String at, String content) {
        String trimmed = content.strip();
        try {
            return trimmed.startsWith("{") ? JSON.readTree(trimmed) : YAML.readTree(trimmed);
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
            String line = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new FetchFailure(at + " is neither valid YAML nor JSON" + line + ": " + detail);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText().trim());
    }
}
