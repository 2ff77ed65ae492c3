package io.seldonmesh.common.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where a pipeline's inputs come from when they come from other pipelines rather than from callers. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"externalInputs", "externalTriggers", "joinWindowMs", "joinType", "triggersJoinType", "tensorMap"})
public record PipelineInput(List<String> externalInputs, List<String> externalTriggers, Long joinWindowMs,
                            String joinType, String triggersJoinType, Map<String, String> tensorMap,
                            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public PipelineInput {
        externalInputs = Copies.list(externalInputs);
        externalTriggers = Copies.list(externalTriggers);
        tensorMap = Copies.map(tensorMap);
        extra = Copies.extra(extra);
    }

    /** Call on a validated pipeline. */
    public List<ExternalReference> inputReferences() {
        return externalInputs.stream().map(ExternalReference::parse).toList();
    }

    /** Call on a validated pipeline. */
    public List<ExternalReference> triggerReferences() {
        return externalTriggers.stream().map(ExternalReference::parse).toList();
    }

    public Map<ExternalReference, String> tensorRenames() {
        Map<ExternalReference, String> renames = new LinkedHashMap<>();
        tensorMap.forEach((from, to) -> renames.put(ExternalReference.parse(from), to));
        return renames;
    }

    public JoinType inputsJoin() {
        return JoinType.orDefault(joinType);
    }

    public JoinType triggersJoin() {
        return JoinType.orDefault(triggersJoinType);
    }
}
