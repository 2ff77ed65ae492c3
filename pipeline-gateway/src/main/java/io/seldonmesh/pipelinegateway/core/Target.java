package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.kafka.TopicAddress;
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

    /** What metrics call a model or pipeline nobody declared, so that mistyped names cannot grow the series. */
    public static final String UNDECLARED = "(unknown)";

    public static Target model(String name) {
        return new Target(Kind.MODEL, name);
    }

    public static Target pipeline(String name) {
        return new Target(Kind.PIPELINE, name);
    }

    public boolean isPipeline() {
        return kind == Kind.PIPELINE;
    }

    /**
     * Whether a record on this topic can be the answer: only the target's own outputs topic. A pipeline's steps
     * write records under the pipeline request's key on their models' outputs topics, which this replica may read
     * for requests sent to those models directly: those are steps' answers, not the pipeline's.
     */
    public boolean isAnsweredOn(TopicAddress topic) {
        TopicAddress.Kind own = kind == Kind.PIPELINE ? TopicAddress.Kind.PIPELINE : TopicAddress.Kind.MODEL;
        return topic.kind() == own && topic.direction() == TopicAddress.Direction.OUTPUTS && topic.name().equals(name);
    }

    /** E.g. {@code model 'iris'}, for messages. */
    @Override
    public String toString() {
        return kind.noun() + " '" + name + "'";
    }
}
