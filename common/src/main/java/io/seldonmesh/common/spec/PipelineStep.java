package io.seldonmesh.common.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One step of a Pipeline: the model it runs ({@code name}) and where its data comes from.
 * Without {@code inputs} a step takes the pipeline's inputs.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "inputs", "joinWindowMs", "tensorMap", "triggers", "inputsJoinType", "triggersJoinType",
        "batch"})
public record PipelineStep(String name, List<String> inputs, Long joinWindowMs, Map<String, String> tensorMap,
                           List<String> triggers, String inputsJoinType, String triggersJoinType, Batch batch,
                           @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public PipelineStep {
        inputs = Copies.list(inputs);
        tensorMap = Copies.map(tensorMap);
        triggers = Copies.list(triggers);
        extra = Copies.extra(extra);
    }

    /** The step's sources, parsed; the pipeline's inputs when none are listed. Call on a validated pipeline. */
    public List<StepReference> inputReferences(String pipeline) {
        if (inputs.isEmpty()) {
            return List.of(new StepReference(pipeline, StepReference.Kind.INPUTS, null));
        }
        return inputs.stream().map(input -> StepReference.parse(input, pipeline)).toList();
    }

    /** The references whose data must arrive before the step runs, without being passed to it. */
    public List<StepReference> triggerReferences(String pipeline) {
        return triggers.stream().map(trigger -> StepReference.parse(trigger, pipeline)).toList();
    }

    /** Tensor renames: source tensor to the input name the step's model expects. */
    public Map<StepReference, String> tensorRenames(String pipeline) {
        return StepReference.renames(tensorMap, pipeline);
    }

    public JoinType inputsJoin() {
        return JoinType.orDefault(inputsJoinType);
    }

    public JoinType triggersJoin() {
        return JoinType.orDefault(triggersJoinType);
    }
}
