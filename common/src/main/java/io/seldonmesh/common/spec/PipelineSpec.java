package io.seldonmesh.common.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code spec} of a Seldon {@code mlops.seldon.io/v1alpha1} Pipeline, field for field; fields
 * this version does not know are kept in {@code extra} and written back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"input", "steps", "output", "dataflow", "allowCycles", "maxStepRevisits"})
public record PipelineSpec(PipelineInput input, List<PipelineStep> steps, PipelineOutput output,
                           DataflowSpec dataflow, Boolean allowCycles, Long maxStepRevisits,
                           @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public PipelineSpec {
        steps = Copies.list(steps);
        extra = Copies.extra(extra);
    }

    public Optional<PipelineStep> step(String name) {
        return steps.stream().filter(step -> step != null && name.equals(step.name())).findFirst();
    }

    public boolean cyclesAllowed() {
        return Boolean.TRUE.equals(allowCycles);
    }

    /**
     * How many times a step may run again for one request in a cyclic pipeline; Seldon's default is 0, so a
     * loop must set it.
     */
    public long stepRevisits() {
        return maxStepRevisits == null ? 0 : maxStepRevisits;
    }
}
