package io.seldonmesh.common.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import java.util.List;

/**
 * Binds a spec tree to its record while collecting every type error (a string where a number
 * belongs, a mapping where a list belongs) instead of stopping at the first: each offending value
 * is reported with its path and taken out, and binding is tried again.
 */
final class SpecBinder {

    /** Each round removes one bad value; a document with more than this is hopeless anyway. */
    private static final int MAX_TYPE_ERRORS = 50;

    private SpecBinder() {
    }

    /** @return the bound spec, or null when the tree could not be bound at all */
    static <T> T bind(ObjectNode tree, Class<T> type, List<SpecProblem> problems) {
        ObjectNode working = tree.deepCopy();
        for (int round = 0; round < MAX_TYPE_ERRORS; round++) {
            try {
                return Json.json().treeToValue(working, type);
            } catch (JsonMappingException e) {
                List<JsonMappingException.Reference> path = e.getPath();
                String where = "spec" + path(path);
                JsonNode offending = at(working, path);
                problems.add(new SpecProblem(where, expectation(e) + (offending == null ? "" : ", got "
                        + describe(offending))));
                if (!remove(working, path)) {
                    return null;
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problems.add(new SpecProblem("spec", "could not be read: " + e.getMessage()));
                return null;
            }
        }
        return null;
    }

    /** A value as a person would name it in an error message. */
    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNull()) {
            return "nothing (null)";
        }
        return node.toString();
    }

    private static String expectation(JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            JavaType target = Json.json().getTypeFactory().constructType(mismatch.getTargetType());
            Class<?> raw = target.getRawClass();
            if (raw == Long.class || raw == Integer.class || raw == long.class || raw == int.class) {
                return "expected a whole number";
            }
            if (raw == Boolean.class || raw == boolean.class) {
                return "expected true or false";
            }
            if (raw == String.class) {
                return "expected a string";
            }
            if (target.isCollectionLikeType()) {
                return "expected a list";
            }
            return "expected a mapping (key: value)";
        }
        return "could not be read (" + e.getOriginalMessage() + ")";
    }

    static String path(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                text.append(field(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    /** {@code .name}, or {@code ["a.b"]} for keys that contain dots (tensorMap keys do). */
    static String field(String name) {
        return name.matches("[A-Za-z0-9_-]+") ? "." + name : "[\"" + name + "\"]";
    }

    private static JsonNode at(JsonNode root, List<JsonMappingException.Reference> path) {
        JsonNode node = root;
        for (JsonMappingException.Reference reference : path) {
            if (node == null) {
                return null;
            }
            node = reference.getFieldName() != null ? node.get(reference.getFieldName())
                    : reference.getIndex() >= 0 ? node.get(reference.getIndex()) : node;
        }
        return node;
    }

    private static boolean remove(ObjectNode root, List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return false;
        }
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object && last.getFieldName() != null && object.has(last.getFieldName())) {
            object.remove(last.getFieldName());
            return true;
        }
        // Nulled, not removed, so that later list indexes in messages still match the document.
        if (parent instanceof ArrayNode array && last.getIndex() >= 0 && last.getIndex() < array.size()
                && !array.get(last.getIndex()).isNull()) {
            array.set(last.getIndex(), NullNode.getInstance());
            return true;
        }
        return false;
    }
}
