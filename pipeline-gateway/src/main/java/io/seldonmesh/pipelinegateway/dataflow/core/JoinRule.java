package io.seldonmesh.pipelinegateway.dataflow.core;

import io.seldonmesh.common.spec.JoinType;
import java.util.List;
import java.util.Set;

/**
 * When a stage goes, given which of its slots have data for a request. Inputs and triggers are joined separately,
 * each by its own join type; a stage goes when both are satisfied:
 * <ul>
 *   <li>{@code inner}: every slot has data;</li>
 *   <li>{@code any}: one slot has data (the first to arrive decides);</li>
 *   <li>{@code outer}: every slot has data, or the window has closed with at least one — so a complete outer join
 *       never waits for its window (Seldon's always does).</li>
 * </ul>
 * A stage with no triggers is never held by them. When the window closes and the stage cannot go, the request's
 * data for it is dropped: that is how a conditional pipeline skips the steps whose data never comes.
 */
public final class JoinRule {

    public enum Decision {
        GO, WAIT, DROP
    }

    private JoinRule() {
    }

    /** @param present indexes of the slots that have data */
    public static Decision decide(Stage stage, Set<Integer> present, boolean windowClosed) {
        boolean inputs = satisfied(stage.inputsJoin(), stage.inputs(), present, windowClosed);
        boolean triggers = stage.triggers().isEmpty()
                || satisfied(stage.triggersJoin(), stage.triggers(), present, windowClosed);
        if (inputs && triggers) {
            return Decision.GO;
        }
        return windowClosed ? Decision.DROP : Decision.WAIT;
    }

    private static boolean satisfied(JoinType join, List<Slot> slots, Set<Integer> present, boolean windowClosed) {
        long arrived = slots.stream().filter(slot -> present.contains(slot.index())).count();
        return switch (join) {
            case INNER -> arrived == slots.size();
            case ANY -> arrived > 0;
            case OUTER -> arrived == slots.size() || (windowClosed && arrived > 0);
        };
    }

    /** What a stage still waits for, for messages: {@code model.b.outputs (inner)}. */
    public static String missing(Stage stage, Set<Integer> present) {
        return String.join(", ", stage.slots().stream().filter(slot -> !present.contains(slot.index()))
                .map(slot -> slot.source() + (slot.trigger() ? " (trigger)" : "")).toList());
    }
}
