package io.seldonmesh.common.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.seldonmesh.common.v2.proto.InferParameter;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters maps between JSON and {@link InferParameter}, which holds only bool, int64 or string. JSON
 * booleans, whole numbers and strings map one to one; any other value (a fractional number such as 0.5, an
 * integer beyond int64, an array or an object) becomes a string holding its JSON text, so nothing a client
 * sends is dropped. JSON null values are left out.
 */
final class JsonParameters {

    private JsonParameters() {
    }

    static Map<String, InferParameter> read(JsonNode node, String owner, List<V2Problem> problems) {
        Map<String, InferParameter> parameters = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return parameters;
        }
        if (!node.isObject()) {
            problems.add(new V2Problem(owner + " field 'parameters' must be a JSON object, not "
                    + JsonNodes.describe(node)));
            return parameters;
        }
        node.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isBoolean()) {
                parameters.put(entry.getKey(), InferParameter.newBuilder().setBoolParam(value.booleanValue()).build());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                parameters.put(entry.getKey(), InferParameter.newBuilder().setInt64Param(value.longValue()).build());
            } else if (value.isTextual()) {
                parameters.put(entry.getKey(), InferParameter.newBuilder().setStringParam(value.textValue()).build());
            } else if (!value.isNull()) {
                String text = value.isValueNode() ? value.asText() : value.toString();
                parameters.put(entry.getKey(), InferParameter.newBuilder().setStringParam(text).build());
            }
        });
        return parameters;
    }

    /** Writes {@code "parameters": {...}} unless the map is empty. */
    static void write(JsonGenerator json, Map<String, InferParameter> parameters) throws IOException {
        if (parameters.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("parameters");
        for (Map.Entry<String, InferParameter> entry : parameters.entrySet()) {
            json.writeFieldName(entry.getKey());
            InferParameter value = entry.getValue();
            switch (value.getParameterChoiceCase()) {
                case BOOL_PARAM -> json.writeBoolean(value.getBoolParam());
                case INT64_PARAM -> json.writeNumber(value.getInt64Param());
                case STRING_PARAM -> json.writeString(value.getStringParam());
                case PARAMETERCHOICE_NOT_SET -> json.writeNull();
            }
        }
        json.writeEndObject();
    }
}
