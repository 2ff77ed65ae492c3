package io.seldonmesh.common.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed step input, trigger, output or tensorMap key of a Pipeline: the data of {@code step}
 * ({@code kind} says whether what went into it or what came out), optionally one tensor of it.
 *
 * <p>Written forms: {@code <step>} (its outputs), {@code <step>.outputs},
 * {@code <step>.outputs.<tensor>}, {@code <step>.inputs}, {@code <step>.inputs.<tensor>}; and
 * {@code <pipeline>}, {@code <pipeline>.inputs}, {@code <pipeline>.inputs.<tensor>} for the
 * pipeline's own inputs, in which case {@code step} is the pipeline's name.
 */
public record StepReference(String step, Kind kind, String tensor) {

    public enum Kind {
        INPUTS, OUTPUTS;

        String specValue() {
            return this == INPUTS ? "inputs" : "outputs";
        }

        static Optional<Kind> parse(String value) {
            return switch (value) {
                case "inputs" -> Optional.of(INPUTS);
                case "outputs" -> Optional.of(OUTPUTS);
                default -> Optional.empty();
            };
        }
    }

    static final String FORMS = "<step>, <step>.outputs, <step>.outputs.<tensor>, <step>.inputs,"
            + " <step>.inputs.<tensor>, or for the pipeline's own inputs <pipeline>.inputs, <pipeline>.inputs.<tensor>";

    public StepReference {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param pipeline the name of the pipeline the reference is written in: a bare
     *     {@code <pipeline>} means its inputs, not its outputs
     * @throws IllegalArgumentException saying what is wrong with the text and listing the valid forms
     */
    public static StepReference parse(String text, String pipeline) {
        String[] parts = split(text, FORMS);
        if (parts.length > 3) {
            throw new IllegalArgumentException("'" + text + "' has " + parts.length + " dot-separated parts, at most 3"
                    + " are allowed (tensor names cannot contain '.'); valid forms: " + FORMS);
        }
        if (parts.length == 1) {
            return new StepReference(text, text.equals(pipeline) ? Kind.INPUTS : Kind.OUTPUTS, null);
        }
        return new StepReference(parts[0], kind(text, parts[1], FORMS), parts.length == 3 ? parts[2] : null);
    }

    /** The dot-separated parts of a reference, none empty. */
    static String[] split(String text, String forms) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty reference; valid forms: " + forms);
        }
        String[] parts = text.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has an empty part between dots; valid forms: " + forms);
            }
        }
        return parts;
    }

    static Kind kind(String text, String value, String forms) {
        return Kind.parse(value).orElseThrow(() -> new IllegalArgumentException("'" + text + "': '" + value
                + "' must be 'inputs' or 'outputs'; valid forms: " + forms));
    }

    /** A tensorMap with its keys parsed; call on a validated pipeline. */
    static Map<StepReference, String> renames(Map<String, String> tensorMap, String pipeline) {
        Map<StepReference, String> renames = new LinkedHashMap<>();
        tensorMap.forEach((from, to) -> renames.put(parse(from, pipeline), to));
        return renames;
    }

    public Optional<String> tensorName() {
        return Optional.ofNullable(tensor);
    }

    /** True when this names the pipeline's own inputs rather than a step. */
    public boolean refersToPipeline(String pipeline) {
        return step.equals(pipeline);
    }

    /** The canonical written form, e.g. {@code tfsimple1.outputs.OUTPUT0}. */
    @Override
    public String toString() {
        return step + "." + kind.specValue() + (tensor == null ? "" : "." + tensor);
    }
}
