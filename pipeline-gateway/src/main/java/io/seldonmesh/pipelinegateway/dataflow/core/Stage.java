package io.seldonmesh.pipelinegateway.dataflow.core;

import io.seldonmesh.common.spec.JoinType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One place of a pipeline where data comes together and leaves: a step (its model's request), the pipeline's
 * output (its answer), or its input section (data taken from other pipelines). A stage waits for its slots as its
 * join types say, then writes one record to its sink topic.
 *
 * @param name the step's name, or {@link #OUTPUT} / {@link #INPUT}
 * @param slots inputs first, then triggers
 * @param windowMillis how long a request's data waits for the rest ({@code joinWindowMs})
 * @param produces a request (to a model or the pipeline's inputs) or a response (the pipeline's answer)
 */
public record Stage(String name, Kind kind, List<Slot> slots, JoinType inputsJoin, JoinType triggersJoin,
                    long windowMillis, String sinkTopic, Payload produces, Optional<StepBatching> batching) {

    public static final String OUTPUT = "(output)";
    public static final String INPUT = "(input)";

    public enum Kind {
        STEP, OUTPUT, INPUT
    }

    public Stage {
        Objects.requireNonNull(name, "name");
        slots = List.copyOf(slots);
        Objects.requireNonNull(sinkTopic, "sinkTopic");
    }

    public List<Slot> inputs() {
        return slots.stream().filter(slot -> !slot.trigger()).toList();
    }

    public List<Slot> triggers() {
        return slots.stream().filter(Slot::trigger).toList();
    }

    /**
     * A stage with one slot and no batch needs no memory: each record that brings its data goes on at once. Every
     * other stage keeps what has arrived per request until its join is complete.
     */
    public boolean passesThrough() {
        return slots.size() == 1 && batching.isEmpty();
    }

    /** For messages: {@code step 'tfsimple2'}, {@code the output}, {@code the input section}. */
    public String describe() {
        return switch (kind) {
            case STEP -> "step '" + name + "'";
            case OUTPUT -> "the output";
            case INPUT -> "the input section";
        };
    }
}
