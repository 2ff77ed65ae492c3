package io.seldonmesh.cli;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.spec.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * The topics one request of a pipeline passes through, in the order it passes them (ARCHITECTURE.md's names): the
 * pipeline's inputs, each step's model inputs and outputs, the pipeline's outputs, and the errors topic.
 */
final class StepTopics {

    /** A topic and what it is to the pipeline, e.g. {@code step tfsimple1 outputs}. */
    record StepTopic(String role, String topic) {
    }

    private StepTopics() {
    }

    static List<StepTopic> of(Pipeline pipeline, TopicNames topics) {
        List<StepTopic> all = new ArrayList<>();
        all.add(new StepTopic("pipeline inputs", topics.pipelineInputs(pipeline.name())));
        for (String model : pipeline.models()) {
            all.add(new StepTopic("step " + model + " inputs", topics.modelInputs(model)));
            all.add(new StepTopic("step " + model + " outputs", topics.modelOutputs(model)));
        }
        all.add(new StepTopic("pipeline outputs", topics.pipelineOutputs(pipeline.name())));
        all.add(new StepTopic("errors", topics.errors()));
        return all;
    }
}
