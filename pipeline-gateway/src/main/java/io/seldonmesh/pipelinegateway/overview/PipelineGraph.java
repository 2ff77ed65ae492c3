package io.seldonmesh.pipelinegateway.overview;

import io.seldonmesh.common.spec.ExternalReference;
import io.seldonmesh.common.spec.JoinType;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.spec.PipelineInput;
import io.seldonmesh.common.spec.PipelineOutput;
import io.seldonmesh.common.spec.PipelineStep;
import io.seldonmesh.common.spec.StepReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline spec as a graph the status page draws: the pipeline's inputs, one node per step and the output, with
 * each node's joins (type and window, for inputs and triggers) and one edge per reference, labelled with the tensor
 * it names and the tensorMap rename. Only the spec: what flows along the edges is the metrics' business.
 */
public record PipelineGraph(List<Node> nodes, List<Edge> edges) {

    /** The node of the pipeline's own inputs. */
    public static final String INPUTS = "(inputs)";
    /** The node of the pipeline's answer. */
    public static final String OUTPUT = "(output)";

    /**
     * @param id       a step's name, {@link #INPUTS}, {@link #OUTPUT}, or {@code <pipeline>.<step>} of another pipeline
     * @param kind     {@code inputs}, {@code step}, {@code output} or {@code external}
     * @param join     how the node's inputs are joined, when it has more than one or the spec names the type; else null
     * @param triggers how its triggers are joined, when it has any; else null
     * @param joinWindowMs the spec's window, null for the default ({@code SELDON_DATAFLOW_JOIN_WINDOW})
     */
    public record Node(String id, String kind, String join, String triggers, Long joinWindowMs) {
    }

    /** @param kind {@code data} or {@code trigger}; @param label the tensor and its rename, empty for all tensors */
    public record Edge(String from, String to, String kind, String label) {
    }

    public static PipelineGraph of(Pipeline pipeline) {
        String name = pipeline.name();
        List<Node> nodes = new ArrayList<>();
        Map<String, Edge> edges = new LinkedHashMap<>();
        PipelineInput input = pipeline.spec().input();
        nodes.add(new Node(INPUTS, "inputs", input == null ? null
                        : join(input.externalInputs().size(), input.joinType(), input.inputsJoin()),
                input == null || input.externalTriggers().isEmpty() ? null : input.triggersJoin().specValue(),
                input == null ? null : input.joinWindowMs()));
        if (input != null) {
            Map<ExternalReference, String> renames = input.tensorRenames();
            external(input.inputReferences(), "data", renames, nodes, edges);
            external(input.triggerReferences(), "trigger", renames, nodes, edges);
        }
        for (PipelineStep step : pipeline.spec().steps()) {
            List<StepReference> inputs = step.inputReferences(name);
            nodes.add(new Node(step.name(), "step", join(inputs.size(), step.inputsJoinType(), step.inputsJoin()),
                    step.triggers().isEmpty() ? null : step.triggersJoin().specValue(), step.joinWindowMs()));
            Map<StepReference, String> renames = step.tensorRenames(name);
            inputs.forEach(ref -> add(edges, new Edge(source(ref, name), step.name(), "data", label(ref, renames))));
            step.triggerReferences(name).forEach(ref ->
                    add(edges, new Edge(source(ref, name), step.name(), "trigger", label(ref, renames))));
        }
        PipelineOutput output = pipeline.spec().output();
        if (output != null && !output.steps().isEmpty()) {
            List<StepReference> refs = output.stepReferences(name);
            nodes.add(new Node(OUTPUT, "output", join(refs.size(), output.stepsJoin(), output.join()), null,
                    output.joinWindowMs()));
            Map<StepReference, String> renames = output.tensorRenames(name);
            refs.forEach(ref -> add(edges, new Edge(source(ref, name), OUTPUT, "data", label(ref, renames))));
        }
        return new PipelineGraph(List.copyOf(nodes), List.copyOf(edges.values()));
    }

    private static void external(List<ExternalReference> refs, String kind, Map<ExternalReference, String> renames,
                                 List<Node> nodes, Map<String, Edge> edges) {
        for (ExternalReference ref : refs) {
            String id = ref.pipeline() + ref.stepName().map(step -> "." + step).orElse("");
            if (nodes.stream().noneMatch(node -> node.id().equals(id))) {
                nodes.add(new Node(id, "external", null, null, null));
            }
            String tensor = ref.tensorName().orElse("");
            String renamed = renames.get(ref);
            add(edges, new Edge(id, INPUTS, kind, renamed == null ? tensor : tensor + " → " + renamed));
        }
    }

    /** A reference to the pipeline's inputs comes from {@link #INPUTS}; to a step's inputs or outputs, from it. */
    private static String source(StepReference ref, String pipeline) {
        return ref.step().equals(pipeline) && ref.kind() == StepReference.Kind.INPUTS ? INPUTS : ref.step();
    }

    /**
     * The tensor a reference names and its rename; for a reference to all of a step's tensors, the renames of that
     * step's tensors (tfsimples: {@code OUTPUT0 → INPUT0, OUTPUT1 → INPUT1}).
     */
    private static String label(StepReference ref, Map<StepReference, String> renames) {
        if (ref.tensor() != null) {
            String renamed = renames.get(ref);
            return renamed == null ? ref.tensor() : ref.tensor() + " → " + renamed;
        }
        List<String> all = new ArrayList<>();
        renames.forEach((from, to) -> {
            if (from.step().equals(ref.step()) && from.kind() == ref.kind() && from.tensor() != null) {
                all.add(from.tensor() + " → " + to);
            }
        });
        return String.join(", ", all);
    }

    /** Shown when there is something to join, or the spec names the type. */
    private static String join(int sources, String declared, JoinType type) {
        return sources > 1 || declared != null ? type.specValue() : null;
    }

    /** Several references to one topic are one edge, their labels listed. */
    private static void add(Map<String, Edge> edges, Edge edge) {
        String key = edge.from() + "\u0000" + edge.to() + "\u0000" + edge.kind();
        edges.merge(key, edge, (old, added) -> new Edge(old.from(), old.to(), old.kind(),
                old.label().isEmpty() || added.label().isEmpty() ? "" : old.label() + ", " + added.label()));
    }
}
