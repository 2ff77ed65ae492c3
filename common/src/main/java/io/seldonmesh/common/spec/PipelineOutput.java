package io.seldonmesh.common.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a pipeline answers with: the data of {@code steps}, joined by {@code stepsJoin}. Without
 * an output a pipeline can only be used asynchronously (through its Kafka topics).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"steps", "joinWindowMs", "stepsJoin", "tensorMap"})
public record PipelineOutput(List<String> steps, Long joinWindowMs, String stepsJoin, Map<String, String> tensorMap,
                             @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public PipelineOutput {
        steps = Copies.list(steps);
        tensorMap = Copies.map(tensorMap);
        extra = Copies.extra(extra);
    }

    /** Call on a validated pipeline. */
    public List<StepReference> stepReferences(String pipeline) {
        return steps.stream().map(step -> StepReference.parse(step, pipeline)).toList();
    }

    public Map<StepReference, String> tensorRenames(String pipeline) {
        return StepReference.renames(tensorMap, pipeline);
    }

    public JoinType join() {
        return JoinType.orDefault(stepsJoin);
    }
}
