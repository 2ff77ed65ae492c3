package io.seldonmesh.common.kafka;

import java.util.Objects;

/**
 * What a Seldon topic name stands for: {@code seldon.default.model.iris.inputs} is
 * {@code (MODEL, "iris", INPUTS)}; {@code seldon.default.control.models} is
 * {@code (CONTROL, "models", NONE)}; {@code seldon.default.errors.errors} is
 * {@code (ERRORS, "errors", NONE)}.
 */
public record TopicAddress(Kind kind, String name, Direction direction) {

    public enum Kind { MODEL, PIPELINE, ERRORS, CONTROL, STATUS }

    public enum Direction { INPUTS, OUTPUTS, NONE }

    public TopicAddress {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(direction, "direction");
    }
}
