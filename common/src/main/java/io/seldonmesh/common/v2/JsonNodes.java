package io.seldonmesh.common.v2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Reading JSON into trees, with messages that say what was expected instead of Jackson's internals. */
final class JsonNodes {

    static final JsonFactory FACTORY = JsonFactory.builder()
            // bare NaN and Infinity are not JSON, but Python's json module and Triton write them: read them, so
            // that JsonTensors can name the tensor and element when it refuses one (and can take a model
            // server's answer that holds them)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // what we write must be JSON every client can read: non-finite floats become "NaN", "Infinity",
            // "-Infinity", the strings protobuf's JSON mapping uses and Python's float() reads (Jackson's default,
            // stated because the V2 codec depends on it)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            // a BYTES element (an image, a document) can pass Jackson's default 20 MB string limit; the
            // transport (HTTP body limit, Kafka message size) is what bounds a payload
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final int SHOWN_CHARS = 40;

    private JsonNodes() {
    }

    /**

     * The body as a JSON object.

     *

     * @throws V2ValidationException when it is empty, not JSON, or not an object

     */
    static ObjectNode readObject(byte[] json, String what, String example) {
        JsonNode root;
        try (JsonParser parser = new OverflowKeepingParser(FACTORY.createParser(json))) {
            root = MAPPER.readTree(parser);
        } catch (JsonProcessingException e) {
            throw new V2ValidationException(new V2Problem(what + " body is not valid JSON: "
                    + e.getOriginalMessage() + at(e.getLocation())));
        } catch (IOException e) {
            throw new V2ValidationException(new V2Problem(what + " body could not be read: " + e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new V2ValidationException(new V2Problem(what + " body is empty; expected a JSON object such as "
                    + example));
        }
        if (!root.isObject()) {
            throw new V2ValidationException(new V2Problem(what + " body must be a JSON object such as " + example
                    + ", not " + describe(root)));
        }
        return (ObjectNode) root;
    }

    /** A string field; empty when absent or null; a problem when of another JSON type. */
    static Optional<String> text(JsonNode object, String field, String owner, List<V2Problem> problems) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.add(new V2Problem(owner + " field '" + field + "' must be a string, not " + describe(node)));
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    /** The field when it is an array; null when absent or null; a problem when of another JSON type. */
    static JsonNode array(JsonNode object, String field, String owner, String ofWhat, List<V2Problem> problems) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            problems.add(new V2Problem(owner + " field '" + field + "' must be an array of " + ofWhat + ", not "
                    + describe(node)));
            return null;
        }
        return node;
    }

    /** "the string \"abc\"", "the number 1.5", "true", "null", "an array", "an object": for messages. */
    static String describe(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            return "the string \"" + (text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "..." : text)
                    + "\"";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean() || node.isNull()) {
            return node.asText();
        }
        return node.isArray() ? "an array" : "an object";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
