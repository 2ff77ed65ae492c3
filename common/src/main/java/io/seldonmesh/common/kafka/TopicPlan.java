package io.seldonmesh.common.kafka;

import java.util.List;
import java.util.Objects;

/**
 * One topic to provision. Compacted topics hold the latest value per key (control and status
 * topics: the current spec or state of each model); the others are streams of requests.
 */
public record TopicPlan(String name, boolean compacted) {

    public TopicPlan {
        Objects.requireNonNull(name, "name");
    }

    public static TopicPlan stream(String name) {
        return new TopicPlan(name, false);
    }

    public static TopicPlan compacted(String name) {
        return new TopicPlan(name, true);
    }

    /** The topics every service relies on: errors, control and status. */
    public static List<TopicPlan> shared(TopicNames names) {
        return List.of(stream(names.errors()),
                compacted(names.controlModels()), compacted(names.controlPipelines()),
                compacted(names.controlCredentials()),
                compacted(names.statusModels()), compacted(names.statusPipelines()));
    }

    public static List<TopicPlan> model(TopicNames names, String model) {
        return List.of(stream(names.modelInputs(model)), stream(names.modelOutputs(model)));
    }

    public static List<TopicPlan> pipeline(TopicNames names, String pipeline) {
        return List.of(stream(names.pipelineInputs(pipeline)), stream(names.pipelineOutputs(pipeline)));
    }
}
