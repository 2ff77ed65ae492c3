package io.seldonmesh.common.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** {@code cleanTopicsOnDelete}: delete the Kafka topics with the Model or Pipeline (default: keep them). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DataflowSpec(Boolean cleanTopicsOnDelete, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public DataflowSpec {
        extra = Copies.extra(extra);
    }

    public boolean cleansTopicsOnDelete() {
        return Boolean.TRUE.equals(cleanTopicsOnDelete);
    }
}
