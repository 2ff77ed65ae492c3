package io.seldonmesh.common.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A name/value passed to the model server when it loads the model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "value"})
public record Parameter(String name, String value, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public Parameter {
        extra = Copies.extra(extra);
    }

    public Parameter(String name, String value) {
        this(name, value, Map.of());
    }
}
