package io.seldonmesh.modelserver.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seldonmesh.common.v2.Datatype;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An MLServer-style {@code model-settings.json}: {@code name}, {@code implementation},
 * {@code inputs} and {@code parameters} ({@code uri}, {@code version} and settings of the
 * built-in models). Built-in settings are read from {@code parameters} and, because MLServer keeps
 * custom settings there, from {@code parameters.extra}.
 */
public record ModelSettings(
        Optional<String> name,
        Optional<String> implementation,
        List<TensorSpec> inputs,
        JsonNode parameters,
        String source) {

    public static final String FILE_NAME = "model-settings.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelSettings {
        inputs = List.copyOf(inputs);
    }

    /** Settings of a model directory that has no {@code model-settings.json}. */
    public static ModelSettings none(String source) {
        return new ModelSettings(Optional.empty(), Optional.empty(), List.of(), JSON.createObjectNode(), source);
    }

    /** @param source where the text came from, quoted in every error message */
    public static ModelSettings parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw ModelServerException.loadFailed(source + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw ModelServerException.loadFailed(source + " must hold a JSON object, found: " + root);
        }
        JsonNode parameters = root.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isObject()) {
            throw ModelServerException.loadFailed(source + ": \"parameters\" must be an object, found " + parameters);
        }
        return new ModelSettings(
                text(root, "name", source),
                text(root, "implementation", source),
                tensors(root.path("inputs"), source),
                parameters.isObject() ? parameters : JSON.createObjectNode(),
                source);
    }

    public Optional<String> uri() {
        return parameter("uri").map(JsonNode::asText);
    }

    public Optional<String> version() {
        return parameter("version").map(JsonNode::asText);
    }

    public Optional<JsonNode> parameter(String key) {
        JsonNode direct = parameters.get(key);
        if (direct != null && !direct.isNull()) {
            return Optional.of(direct);
        }
        JsonNode extra = parameters.path("extra").get(key);
        return extra == null || extra.isNull() ? Optional.empty() : Optional.of(extra);
    }

    public long longParameter(String key, long fallback) {
        return parameter(key).map(node -> {
            if (node.canConvertToExactIntegral() || node.isTextual() && node.asText().matches("-?\\d+")) {
                return node.asLong();
            }
            throw ModelServerException.loadFailed(source + ": parameter \"" + key + "\" must be a whole number, found " + node);
        }).orElse(fallback);
    }

    public double doubleParameter(String key, double fallback) {
        return parameter(key).map(node -> {
            if (node.isNumber()) {
                return node.asDouble();
            }
            try {
                return Double.parseDouble(node.asText());
            } catch (NumberFormatException e) {
                throw ModelServerException.loadFailed(source + ": parameter \"" + key + "\" must be a number, found " + node);
            }
        }).orElse(fallback);
    }

    public String textParameter(String key, String fallback) {
        return parameter(key).map(JsonNode::asText).orElse(fallback);
    }

    private static Optional<String> text(JsonNode root, String field, String source) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ModelServerException.loadFailed(source + ": \"" + field + "\" must be a non-empty string, found " + node);
        }
        return Optional.of(node.asText());
    }

    private static List<TensorSpec> tensors(JsonNode array, String source) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw ModelServerException.loadFailed(source + ": \"inputs\" must be an array of {name, datatype, shape}, found " + array);
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (JsonNode tensor : array) {
            String name = tensor.path("name").asText("");
            String datatypeName = tensor.path("datatype").asText("");
            JsonNode shape = tensor.path("shape");
            if (name.isBlank() || datatypeName.isBlank() || !shape.isArray()) {
                throw ModelServerException.loadFailed(source + ": each input needs \"name\", \"datatype\" and \"shape\", found " + tensor);
            }
            Datatype datatype = Datatype.find(datatypeName).orElseThrow(() -> ModelServerException.loadFailed(
                    source + ": input '" + name + "' has unknown datatype '" + datatypeName + "'; valid datatypes are "
                            + Datatype.validNames()));
            List<Long> dims = new ArrayList<>();
            for (JsonNode dim : shape) {
                if (!dim.canConvertToExactIntegral() || dim.asLong() < -1) {
                    throw ModelServerException.loadFailed(source + ": shape of input '" + name
                            + "' must hold whole numbers >= -1 (-1 = any size), found " + shape);
                }
                dims.add(dim.asLong());
            }
            specs.add(new TensorSpec(name, datatype, dims));
        }
        return specs;
    }
}
