package io.seldonmesh.pipelinegateway.core;

import java.util.Objects;

/**
 * What an inference request is addressed to: a single model (through its Kafka topics) or a pipeline.
 */
public record Target(Kind kind, String name) {

    public enum Kind {
        MODEL("model"),
        PIPELINE("pipeline");

        private final String noun;

        Kind(String noun) {
            this.noun = noun;
        }

        public String noun() {
            return noun;
        }
    }

    public Target {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static Target model(String name) {
        return new Target(Kind.MODEL, name);
    }

    public static Target pipeline(String name) {
        return new Target(Kind.PIPELINE, name);
    }

    public boolean isPipeline() {
        return kind == Kind.PIPELINE;
    }

    /** E.g. {@code model 'iris'}, for messages. */
    @Override
    public String toString() {
        return kind.noun() + " '" + name + "'";
    }
}
