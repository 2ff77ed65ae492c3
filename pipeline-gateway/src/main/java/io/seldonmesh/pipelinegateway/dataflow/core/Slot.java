package io.seldonmesh.pipelinegateway.dataflow.core;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One source a stage waits for: the records of one pipeline on one topic, and which of their tensors it takes. The
 * references a spec lists on the same topic are one slot (Seldon groups them the same way), so
 * {@code [a.outputs.x, a.outputs.y]} waits for one record of {@code a}, not two.
 *
 * @param index the slot's position in its stage, inputs first, then triggers
 * @param source the references as written in the spec, for messages
 * @param pipeline the value of the {@code pipeline} header the records carry: this pipeline's name, or another
 *     pipeline's for external inputs
 * @param internal whether the records are this version's own (written by its steps), told by the version header
 * @param tensors the tensors taken; empty means all
 * @param renames tensor name to the name it gets in the stage's output ({@code tensorMap})
 * @param trigger true when the slot only gates the stage and passes no data
 */
public record Slot(int index, String source, String topic, String pipeline, boolean internal, Payload payload,
                   Set<String> tensors, Map<String, String> renames, boolean trigger) {

    public Slot {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(pipeline, "pipeline");
        tensors = Set.copyOf(tensors);
        renames = Map.copyOf(renames);
    }

    public boolean takesAllTensors() {
        return tensors.isEmpty();
    }

    /** Whether a tensor of that name is part of what this slot takes. */
    public boolean takes(String tensor) {
        return tensors.isEmpty() || tensors.contains(tensor);
    }

    public String renamed(String tensor) {
        return renames.getOrDefault(tensor, tensor);
    }
}
