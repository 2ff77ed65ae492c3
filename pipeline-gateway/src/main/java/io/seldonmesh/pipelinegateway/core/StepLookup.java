package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.spec.Pipeline;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to look for after a pipeline request timed out: a record carrying its {@code x-request-id} on the outputs
 * topic of each step's model, written since the request was sent.
 *
 * @param requestId the request's {@code x-request-id} header, which the steps' records carry
 * @param pipeline the pipeline; a record whose {@code pipeline} header names another is not this request's
 * @param sentAtMillis when the request was sent, wall clock; the look-back starts there
 * @param answerByNanos when the 504 leaves whatever the look-back found ({@link System#nanoTime()} scale)
 * @param partition the partition the request was written to: the dataflow keeps a request's records on that
 *     partition number in every topic, so only it is read; {@link #ANY_PARTITION} reads them all
 * @param steps every step, in the order the spec lists them
 */
public record StepLookup(String requestId, String pipeline, long sentAtMillis, long answerByNanos, int partition,
                         List<StepCheck> steps) {

    public static final int ANY_PARTITION = -1;


    public StepLookup {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(pipeline, "pipeline");
        steps = List.copyOf(steps);
    }

    /** In Seldon's Pipeline a step is named after the model it runs; the step's answer is that model's output. */
    public static StepLookup of(PendingRequest request, Pipeline spec, TopicNames topics, long sentAtMillis,
                                long answerByNanos) {
        List<StepCheck> steps = spec.models().stream()
                .map(model -> new StepCheck(model, model, topics.modelOutputs(model)))
                .toList();
        return new StepLookup(request.requestIdHeader(), spec.name(), sentAtMillis, answerByNanos, request.partition(),
                steps);
    }

    /** Whether the look-back reads this partition of a step's topic. */
    public boolean reads(int topicPartition) {
        return partition == ANY_PARTITION || partition == topicPartition;
    }

    /** The outputs topics to read, each once, in step order. */
    public Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        steps.forEach(step -> topics.add(step.outputsTopic()));
        return topics;
    }
}
