package io.seldonmesh.common.spec;

import io.seldonmesh.common.spec.StepReference.Kind;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed entry of a Pipeline's {@code input.externalInputs}, {@code input.externalTriggers} or
 * {@code input.tensorMap} keys: data of another pipeline, either its own inputs/outputs or those
 * of one of its steps.
 *
 * <p>Written forms: {@code <pipeline>} (its outputs), {@code <pipeline>.(inputs|outputs)[.<tensor>]},
 * {@code <pipeline>.step.<step>} (its outputs) and {@code <pipeline>.step.<step>.(inputs|outputs)[.<tensor>]}.
 *
 * @param step the step of that pipeline, or null for the pipeline itself
 */
public record ExternalReference(String pipeline, String step, Kind kind, String tensor) {

    static final String FORMS = "<pipeline>, <pipeline>.outputs, <pipeline>.outputs.<tensor>, <pipeline>.inputs,"
            + " <pipeline>.inputs.<tensor>, <pipeline>.step.<step>, <pipeline>.step.<step>.outputs[.<tensor>],"
            + " <pipeline>.step.<step>.inputs[.<tensor>]";

    private static final String STEP = "step";

    public ExternalReference {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(kind, "kind");
    }

    /** @throws IllegalArgumentException saying what is wrong with the text and listing the valid forms */
    public static ExternalReference parse(String text) {
        String[] parts = StepReference.split(text, FORMS);
        if (parts.length >= 2 && parts[1].equals(STEP)) {
            if (parts.length < 3 || parts.length > 5) {
                throw new IllegalArgumentException("'" + text + "' is not a step reference of another pipeline;"
                        + " valid forms: " + FORMS);
            }
            Kind kind = parts.length == 3 ? Kind.OUTPUTS : StepReference.kind(text, parts[3], FORMS);
            return new ExternalReference(parts[0], parts[2], kind, parts.length == 5 ? parts[4] : null);
        }
        if (parts.length > 3) {
            throw new IllegalArgumentException("'" + text + "' has " + parts.length + " dot-separated parts; tensor"
                    + " names cannot contain '.'; valid forms: " + FORMS);
        }
        Kind kind = parts.length == 1 ? Kind.OUTPUTS : StepReference.kind(text, parts[1], FORMS);
        return new ExternalReference(parts[0], null, kind, parts.length == 3 ? parts[2] : null);
    }

    public Optional<String> stepName() {
        return Optional.ofNullable(step);
    }

    public Optional<String> tensorName() {
        return Optional.ofNullable(tensor);
    }

    /** The canonical written form, e.g. {@code tfsimple.step.tfsimple1.outputs.OUTPUT0}. */
    @Override
    public String toString() {
        return pipeline + (step == null ? "" : "." + STEP + "." + step) + "." + kind.specValue()
                + (tensor == null ? "" : "." + tensor);
    }
}
