package io.seldonmesh.pipelinegateway.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The 504 of a pipeline request, once the steps' outputs topics have been looked at: which steps answered and
 * which had not, in the order the spec lists them, so the caller knows which model to look at.
 */
public final class StepReport {

    private StepReport() {
    }

    /** What the look-back saw, step by step; says so when it was cut short. */
    public static InferenceFailure timedOut(PendingRequest request, StepLookup lookup, StepSightings seen) {
        List<StepCheck> steps = lookup.steps();
        String perStep = steps.stream().map(step -> describe(step, seen)).collect(Collectors.joining("; "));
        boolean allAnswered = steps.stream().allMatch(step -> seen.answered().contains(step.outputsTopic()));
        StringBuilder message = new StringBuilder(head(request)).append(perStep);
        if (allAnswered) {
            message.append(". Every step answered, yet nothing arrived on ").append(request.awaiting())
                    .append(": the pipeline's dataflow did not write the pipeline's output; check its log");
        } else {
            message.append(". Nothing arrived on ").append(request.awaiting());
            seen.cutShort().ifPresent(why -> message.append(" (the look-back at the steps stopped early: ").append(why)
                    .append(")"));
            message.append(". If the steps are only slow, allow more time with header seldon-timeout");
        }
        return new InferenceFailure(InferenceFailure.Reason.TIMEOUT, message.toString());
    }

    /** The pipeline's name and what was awaited, when the look-back could not tell about the steps. */
    public static InferenceFailure stepsUnknown(PendingRequest request, String why) {
        return new InferenceFailure(InferenceFailure.Reason.TIMEOUT, head(request) + "nothing arrived on "
                + request.awaiting() + "; steps unknown: " + why + ". Check that the pipeline's dataflow and the"
                + " model-gateway serving its steps are running, or allow more time with header seldon-timeout");
    }

    private static String head(PendingRequest request) {
        return request.target() + " did not answer request '" + request.id() + "' within "
                + request.timeout().describe() + ": ";
    }

    private static String describe(StepCheck step, StepSightings seen) {
        String topic = step.outputsTopic();
        String check = " — check model " + step.model() + "'s status and model-gateway's log";
        if (seen.answered().contains(topic)) {
            return step + " answered";
        }
        if (seen.missing().contains(topic)) {
            return step + " has no answer: its outputs topic " + topic + " does not exist" + check;
        }
        if (seen.unfinished().contains(topic)) {
            return step + ": no answer seen in the part of " + topic + " read before the look-back stopped";
        }
        return step + " has no answer on " + topic + check;
    }
}
