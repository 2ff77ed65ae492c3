package io.seldonmesh.common.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Requests a step collects before it runs: {@code size} of them, or as many as arrive within
 * {@code windowMs}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"size", "windowMs", "rolling"})
public record Batch(Long size, Long windowMs, Boolean rolling,
                    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public Batch {
        extra = Copies.extra(extra);
    }
}
