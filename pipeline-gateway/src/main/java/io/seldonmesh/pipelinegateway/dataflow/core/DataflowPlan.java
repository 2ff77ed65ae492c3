package io.seldonmesh.pipelinegateway.dataflow.core;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.spec.ExternalReference;
import io.seldonmesh.common.spec.JoinType;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.spec.PipelineInput;
import io.seldonmesh.common.spec.PipelineOutput;
import io.seldonmesh.common.spec.PipelineStep;
import io.seldonmesh.common.spec.StepReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one pipeline version reads, where each record it reads goes, and what it writes: the spec turned into
 * {@link Stage}s and their {@link Slot}s on Seldon's topics. Pure: built from the spec and the topic names alone.
 *
 * <p>A step {@code s} reads the topics its references name ({@code a} and {@code a.outputs[.t]} are
 * {@code model.a.outputs}, {@code a.inputs[.t]} is {@code model.a.inputs}, {@code <pipeline>.inputs[.t]} is
 * {@code pipeline.<pipeline>.inputs}; no inputs means the pipeline's inputs) and writes its model's request to
 * {@code model.s.inputs}, where model-gateway takes it. The output reads its steps and writes
 * {@code pipeline.<p>.outputs}; an input section reads other pipelines' topics and writes {@code pipeline.<p>.inputs}.
 */
public final class DataflowPlan {

    private final PipelineVersion version;
    private final TopicNames topics;
    private final List<Stage> stages;

    private DataflowPlan(PipelineVersion version, TopicNames topics, List<Stage> stages) {
        this.version = version;
        this.topics = topics;
        this.stages = List.copyOf(stages);
    }

    /** @param defaultWindow the join window of stages whose spec gives none ({@code SELDON_DATAFLOW_JOIN_WINDOW}) */
    public static DataflowPlan of(PipelineVersion version, TopicNames topics, Duration defaultWindow) {
        Pipeline pipeline = version.pipeline();
        String name = pipeline.name();
        long window = defaultWindow.toMillis();
        List<Stage> stages = new ArrayList<>();
        PipelineInput input = pipeline.spec().input();
        if (input != null && !input.externalInputs().isEmpty()) {
            stages.add(inputStage(name, input, topics, window));
        }
        for (PipelineStep step : pipeline.spec().steps()) {
            List<Group> inputs = grouped(step.inputReferences(name).stream()
                    .map(reference -> internal(reference, name, topics)).toList());
            List<Group> triggers = grouped(step.triggerReferences(name).stream()
                    .map(reference -> internal(reference, name, topics)).toList());
            Map<Key, Map<String, String>> renames = new LinkedHashMap<>();
            step.tensorRenames(name).forEach((reference, to) -> rename(renames, internal(reference, name, topics), to));
            stages.add(new Stage(step.name(), Stage.Kind.STEP, slots(inputs, triggers, renames),
                    step.inputsJoin(), step.triggersJoin(), orDefault(step.joinWindowMs(), window),
                    topics.modelInputs(step.name()), Payload.REQUEST, StepBatching.of(step.batch())));
        }
        PipelineOutput output = pipeline.spec().output();
        if (output != null && !output.steps().isEmpty()) {
            List<Group> sources = grouped(output.stepReferences(name).stream()
                    .map(reference -> internal(reference, name, topics)).toList());
            Map<Key, Map<String, String>> renames = new LinkedHashMap<>();
            output.tensorRenames(name).forEach((reference, to) -> rename(renames, internal(reference, name, topics), to));
            stages.add(new Stage(Stage.OUTPUT, Stage.Kind.OUTPUT, slots(sources, List.of(), renames), output.join(),
                    JoinType.INNER, orDefault(output.joinWindowMs(), window), topics.pipelineOutputs(name),
                    Payload.RESPONSE, Optional.empty()));
        }
        return new DataflowPlan(version, topics, stages);
    }

    private static Stage inputStage(String name, PipelineInput input, TopicNames topics, long window) {
        List<Group> inputs = grouped(input.inputReferences().stream()
                .map(reference -> external(reference, topics)).toList());
        List<Group> triggers = grouped(input.triggerReferences().stream()
                .map(reference -> external(reference, topics)).toList());
        Map<Key, Map<String, String>> renames = new LinkedHashMap<>();
        input.tensorRenames().forEach((reference, to) -> rename(renames, external(reference, topics), to));
        return new Stage(Stage.INPUT, Stage.Kind.INPUT, slots(inputs, triggers, renames), input.inputsJoin(),
                input.triggersJoin(), orDefault(input.joinWindowMs(), window), topics.pipelineInputs(name),
                Payload.REQUEST, Optional.empty());
    }

    public PipelineVersion version() {
        return version;
    }

    public String pipeline() {
        return version.name();
    }

    public List<Stage> stages() {
        return stages;
    }

    public Optional<Stage> stage(String name) {
        return stages.stream().filter(stage -> stage.name().equals(name)).findFirst();
    }

    /** Every topic the version reads: its stages' slots and the errors topic (a failed step ends a request). */
    public Set<String> sourceTopics() {
        Set<String> sources = new LinkedHashSet<>();
        stages.forEach(stage -> stage.slots().forEach(slot -> sources.add(slot.topic())));
        sources.add(topics.errors());
        return sources;
    }

    /**
     * Every topic the version writes: its stages' sinks, the errors topic (requests the dataflow must end), and the
     * outputs topics of batching steps (where a batch's answer is written again, cut back per request).
     */
    public Set<String> sinkTopics() {
        Set<String> sinks = new LinkedHashSet<>();
        stages.forEach(stage -> sinks.add(stage.sinkTopic()));
        sinks.addAll(batchAnswerTopics());
        sinks.add(topics.errors());
        return sinks;
    }

    /** The outputs topics of the steps that batch, where their models answer the batches. */
    public Set<String> batchAnswerTopics() {
        Set<String> answers = new LinkedHashSet<>();
        stages.stream().filter(stage -> stage.batching().isPresent())
                .forEach(stage -> answers.add(topics.modelOutputs(stage.name())));
        return answers;
    }

    /** The step whose model answers on {@code outputsTopic}, when it batches. */
    public Optional<Stage> batchingStepAnswering(String outputsTopic) {
        return stages.stream().filter(stage -> stage.batching().isPresent())
                .filter(stage -> topics.modelOutputs(stage.name()).equals(outputsTopic)).findFirst();
    }

    public String errorsTopic() {
        return topics.errors();
    }

    /** The models the version's steps run, whose topics must exist. */
    public List<String> models() {
        return version.pipeline().models();
    }

    /** Other pipelines this one reads from, whose topics are theirs to create. */
    public Set<String> externalPipelines() {
        Set<String> pipelines = new LinkedHashSet<>();
        stages.forEach(stage -> stage.slots().stream().filter(slot -> !slot.internal())
                .forEach(slot -> pipelines.add(slot.pipeline())));
        return pipelines;
    }

    public boolean cyclic() {
        return version.pipeline().spec().cyclesAllowed();
    }

    /** How many times a step may run again for one request ({@code maxStepRevisits}); only with cycles. */
    public long stepRevisits() {
        return version.pipeline().spec().stepRevisits();
    }

    /** The longest a request's data may wait anywhere in this version. */
    public long longestWindowMillis() {
        return stages.stream().mapToLong(Stage::windowMillis).max().orElse(0);
    }

    /**
     * The longest a request's data can really be held: by stages that wait for several slots, and by batches; a
     * chain of single-input steps holds nothing.
     */
    public long longestWaitMillis() {
        return stages.stream().mapToLong(stage -> Math.max(stage.passesThrough() && !cyclic() ? 0 : stage.windowMillis(),
                stage.batching().map(StepBatching::windowMillis).orElse(0L))).max().orElse(0);
    }

    /** Where a topic's records, of a pipeline, of this version or not, are read from; the unit slots group by. */
    private record Key(String topic, String pipeline, boolean internal, Payload payload) {
    }

    private record Reference(Key key, String tensor, String written) {
    }

    private static Reference internal(StepReference reference, String pipeline, TopicNames topics) {
        String topic;
        Payload payload;
        if (reference.refersToPipeline(pipeline)) {
            topic = topics.pipelineInputs(pipeline);
            payload = Payload.REQUEST;
        } else if (reference.kind() == StepReference.Kind.INPUTS) {
            topic = topics.modelInputs(reference.step());
            payload = Payload.REQUEST;
        } else {
            topic = topics.modelOutputs(reference.step());
            payload = Payload.RESPONSE;
        }
        return new Reference(new Key(topic, pipeline, true, payload), reference.tensor(), reference.toString());
    }

    private static Reference external(ExternalReference reference, TopicNames topics) {
        boolean inputs = reference.kind() == StepReference.Kind.INPUTS;
        String topic = reference.step() == null
                ? (inputs ? topics.pipelineInputs(reference.pipeline()) : topics.pipelineOutputs(reference.pipeline()))
                : (inputs ? topics.modelInputs(reference.step()) : topics.modelOutputs(reference.step()));
        return new Reference(new Key(topic, reference.pipeline(), false, inputs ? Payload.REQUEST : Payload.RESPONSE),
                reference.tensor(), reference.toString());
    }

    /** The references of one slot: its key, the tensors they name (empty: all) and how they were written. */
    private record Group(Key key, Set<String> tensors, String written) {
    }

    /** References on the same topic become one slot; one reference without a tensor means all its tensors. */
    private static List<Group> grouped(Collection<Reference> references) {
        Map<Key, Set<String>> tensors = new LinkedHashMap<>();
        Map<Key, List<String>> written = new LinkedHashMap<>();
        Set<Key> whole = new LinkedHashSet<>();
        for (Reference reference : references) {
            tensors.computeIfAbsent(reference.key(), k -> new LinkedHashSet<>());
            written.computeIfAbsent(reference.key(), k -> new ArrayList<>()).add(reference.written());
            if (reference.tensor() == null) {
                whole.add(reference.key());
            } else {
                tensors.get(reference.key()).add(reference.tensor());
            }
        }
        return tensors.entrySet().stream().map(entry -> new Group(entry.getKey(),
                whole.contains(entry.getKey()) ? Set.of() : entry.getValue(),
                String.join(", ", written.get(entry.getKey())))).toList();
    }

    private static void rename(Map<Key, Map<String, String>> renames, Reference reference, String to) {
        renames.computeIfAbsent(reference.key(), k -> new LinkedHashMap<>()).put(reference.tensor(), to);
    }

    private static List<Slot> slots(List<Group> inputs, List<Group> triggers, Map<Key, Map<String, String>> renames) {
        List<Slot> slots = new ArrayList<>();
        for (Group group : inputs) {
            slots.add(slot(slots.size(), group, renames.getOrDefault(group.key(), Map.of()), false));
        }
        for (Group group : triggers) {
            slots.add(slot(slots.size(), group, Map.of(), true));
        }
        return slots;
    }

    private static Slot slot(int index, Group group, Map<String, String> renames, boolean trigger) {
        Key key = group.key();
        return new Slot(index, group.written(), key.topic(), key.pipeline(), key.internal(), key.payload(),
                group.tensors(), renames, trigger);
    }

    private static long orDefault(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
