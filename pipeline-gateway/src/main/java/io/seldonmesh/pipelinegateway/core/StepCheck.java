package io.seldonmesh.pipelinegateway.core;

import java.util.Objects;

/**
 * One pipeline step whose answer to a timed-out request is looked for: the record its model wrote on its outputs
 * topic with the request's {@code x-request-id}.
 */
public record StepCheck(String step, String model, String outputsTopic) {

    public StepCheck {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outputsTopic, "outputsTopic");
    }

    /** E.g. {@code step 'tokenizer' (model tokenizer)}. */
    @Override
    public String toString() {
        return "step '" + step + "' (model " + model + ")";
    }
}
