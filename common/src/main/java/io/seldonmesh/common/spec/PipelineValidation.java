package io.seldonmesh.common.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every rule a Pipeline must satisfy before it can be run, checked all at once so that each
 * problem is reported with its path. Pure: no I/O, no knowledge of which models exist.
 */
final class PipelineValidation {

    /** No '.': it separates the parts of step references ({@code step.outputs.tensor}). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?");
    private static final int MAX_NAME_LENGTH = 253;
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private final String pipeline;
    private final PipelineSpec spec;
    private final List<SpecProblem> problems;
    private final Map<String, Integer> steps = new LinkedHashMap<>();

    private PipelineValidation(String pipeline, PipelineSpec spec, List<SpecProblem> problems) {
        this.pipeline = pipeline;
        this.spec = spec;
        this.problems = problems;
    }

    /** Adds the problems of {@code spec} to {@code problems}. */
    static void check(String pipeline, PipelineSpec spec, List<SpecProblem> problems) {
        new PipelineValidation(pipeline, spec, problems).check();
    }

    private void check() {
        if (pipeline != null) {
            ResourceName.problem("pipeline", pipeline).ifPresent(problem -> problem("metadata.name", problem));
        }
        checkSteps();
        if (spec.input() != null) {
            checkInput(spec.input());
        }
        if (spec.output() != null) {
            checkOutput(spec.output());
        }
        uint32("spec.maxStepRevisits", spec.maxStepRevisits());
        if (!spec.cyclesAllowed()) {
            checkCycles();
        }
    }

    private void checkSteps() {
        if (spec.steps().isEmpty()) {
            problem("spec.steps", "a pipeline needs at least one step");
            return;
        }
        for (int i = 0; i < spec.steps().size(); i++) {
            PipelineStep step = spec.steps().get(i);
            String path = "spec.steps[" + i + "]";
            if (step == null) {
                problem(path, "empty step: each step needs at least a name");
            } else if (step.name() == null || step.name().isEmpty()) {
                problem(path + ".name", "missing: each step names the model it runs");
            } else if (checkName(path + ".name", step.name(), "step")) {
                if (step.name().equals(pipeline)) {
                    problem(path + ".name", "'" + step.name() + "' is also the pipeline's name, so '" + step.name()
                            + ".inputs' would be ambiguous; rename the step's model or the pipeline");
                } else if (steps.putIfAbsent(step.name(), i) != null) {
                    problem(path + ".name", "'" + step.name() + "' is already the name of spec.steps["
                            + steps.get(step.name()) + "]; each model can be a step once per pipeline");
                }
            }
        }
        for (int i = 0; i < spec.steps().size(); i++) {
            PipelineStep step = spec.steps().get(i);
            if (step != null) {
                checkStep("spec.steps[" + i + "]", step);
            }
        }
    }

    private void checkStep(String path, PipelineStep step) {
        List<String> inputs = references(path + ".inputs", step.inputs());
        List<String> triggers = references(path + ".triggers", step.triggers());
        for (int j = 0; j < step.triggers().size(); j++) {
            String trigger = triggers.get(j);
            if (trigger != null && inputs.contains(trigger)) {
                problem(path + ".triggers[" + j + "]", "'" + step.triggers().get(j) + "' is also one of the step's"
                        + " inputs; a trigger only gates the step, so list it either as input or as trigger");
            }
        }
        tensorMap(path + ".tensorMap", step.tensorMap(), true);
        joinType(path + ".inputsJoinType", step.inputsJoinType());
        joinType(path + ".triggersJoinType", step.triggersJoinType());
        uint32(path + ".joinWindowMs", step.joinWindowMs());
        if (step.batch() != null) {
            Batch batch = step.batch();
            if (batch.size() == null && batch.windowMs() == null) {
                problem(path + ".batch", "give size, windowMs or both: how many requests to collect, or for how"
                        + " long");
            }
            if (batch.size() != null && batch.size() < 1) {
                problem(path + ".batch.size", batch.size() + " is not a batch size: it must be at least 1");
            } else {
                uint32(path + ".batch.size", batch.size());
            }
            uint32(path + ".batch.windowMs", batch.windowMs());
        }
    }

    /** Checks each reference; returns their canonical forms (null where invalid) for comparisons. */
    private List<String> references(String path, List<String> references) {
        List<String> canonical = new ArrayList<>();
        for (int j = 0; j < references.size(); j++) {
            StepReference reference = reference(path + "[" + j + "]", references.get(j), true);
            canonical.add(reference == null ? null : reference.toString());
        }
        return canonical;
    }

    /** @param pipelineInputsAllowed false where only steps make sense (the pipeline's output) */
    private StepReference reference(String path, String text, boolean pipelineInputsAllowed) {
        StepReference reference;
        try {
            reference = StepReference.parse(text, pipeline);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return null;
        }
        if (reference.refersToPipeline(pipeline)) {
            if (reference.kind() == StepReference.Kind.OUTPUTS) {
                problem(path, "'" + text + "' refers to this pipeline's outputs, which are made from its steps;"
                        + " refer to a step's outputs or to " + pipeline + ".inputs");
                return null;
            }
            if (!pipelineInputsAllowed) {
                problem(path, "'" + text + "' refers to this pipeline's inputs; the output is made from steps,"
                        + " e.g. " + firstStepOr("<step>"));
                return null;
            }
            return reference;
        }
        if (!steps.containsKey(reference.step())) {
            problem(path, "'" + text + "' refers to step '" + reference.step() + "' which is not defined in this"
                    + " pipeline (defined steps: " + (steps.isEmpty() ? "none" : String.join(", ", steps.keySet()))
                    + ")");
            return null;
        }
        return reference;
    }

    private void tensorMap(String path, Map<String, String> tensorMap, boolean pipelineInputsAllowed) {
        tensorMap.forEach((from, to) -> {
            String keyPath = path + SpecBinder.field(from);
            StepReference reference = reference(keyPath, from, pipelineInputsAllowed);
            if (reference != null && reference.tensor() == null) {
                problem(keyPath, "'" + from + "' must name one tensor, e.g. " + reference + ".OUTPUT0: tensorMap"
                        + " renames single tensors");
            }
            if (to == null || to.isBlank()) {
                problem(keyPath, "the new tensor name is empty");
            }
        });
    }

    private void checkInput(PipelineInput input) {
        if (input.externalInputs().isEmpty() && !input.externalTriggers().isEmpty()) {
            problem("spec.input.externalInputs", "missing: external triggers gate inputs from other pipelines,"
                    + " so list those pipelines in externalInputs");
        }
        externalReferences("spec.input.externalInputs", input.externalInputs());
        externalReferences("spec.input.externalTriggers", input.externalTriggers());
        input.tensorMap().forEach((from, to) -> {
            String keyPath = "spec.input.tensorMap" + SpecBinder.field(from);
            ExternalReference reference = externalReference(keyPath, from);
            if (reference != null && reference.tensor() == null) {
                problem(keyPath, "'" + from + "' must name one tensor, e.g. " + reference + ".OUTPUT0: tensorMap"
                        + " renames single tensors");
            }
            if (to == null || to.isBlank()) {
                problem(keyPath, "the new tensor name is empty");
            }
        });
        joinType("spec.input.joinType", input.joinType());
        joinType("spec.input.triggersJoinType", input.triggersJoinType());
        uint32("spec.input.joinWindowMs", input.joinWindowMs());
    }

    private void externalReferences(String path, List<String> references) {
        for (int j = 0; j < references.size(); j++) {
            externalReference(path + "[" + j + "]", references.get(j));
        }
    }

    private ExternalReference externalReference(String path, String text) {
        try {
            ExternalReference reference = ExternalReference.parse(text);
            if (reference.pipeline().equals(pipeline)) {
                problem(path, "'" + text + "' refers to this pipeline itself; external inputs come from other"
                        + " pipelines (use the steps' inputs for this pipeline's own data)");
                return null;
            }
            return reference;
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return null;
        }
    }

    private void checkOutput(PipelineOutput output) {
        for (int j = 0; j < output.steps().size(); j++) {
            reference("spec.output.steps[" + j + "]", output.steps().get(j), false);
        }
        tensorMap("spec.output.tensorMap", output.tensorMap(), false);
        joinType("spec.output.stepsJoin", output.stepsJoin());
        uint32("spec.output.joinWindowMs", output.joinWindowMs());
    }

    private void checkCycles() {
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        for (PipelineStep step : spec.steps()) {
            if (step == null || step.name() == null || !steps.containsKey(step.name())) {
                continue;
            }
            Set<String> sources = new LinkedHashSet<>();
            for (String text : concat(step.inputs(), step.triggers())) {
                try {
                    StepReference reference = StepReference.parse(text, pipeline);
                    if (steps.containsKey(reference.step())) {
                        sources.add(reference.step());
                    }
                } catch (IllegalArgumentException e) {
                    // Reported by the reference checks.
                }
            }
            edges.put(step.name(), sources);
        }
        Set<Set<String>> reported = new HashSet<>();
        Set<String> done = new HashSet<>();
        for (String step : edges.keySet()) {
            findCycles(step, edges, new ArrayList<>(), done, reported);
        }
    }

    /** Depth-first along "takes data from" edges; a step met again on the current path closes a cycle. */
    private void findCycles(String step, Map<String, Set<String>> edges, List<String> path, Set<String> done,
                            Set<Set<String>> reported) {
        int seen = path.indexOf(step);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            if (reported.add(new HashSet<>(cycle))) {
                List<String> flow = new ArrayList<>(cycle);
                Collections.reverse(flow);
                // Start at the step written first, so the same cycle always reads the same.
                String first = flow.stream().min(Comparator.comparing(steps::get)).orElseThrow();
                Collections.rotate(flow, -flow.indexOf(first));
                flow.add(flow.get(0));
                problem("spec.steps", "steps form a cycle, " + String.join(" -> ", flow) + " (each takes data from"
                        + " the one before it); break it, or set spec.allowCycles: true if the loop is intended");
            }
            return;
        }
        if (done.contains(step)) {
            return;
        }
        path.add(step);
        for (String source : edges.getOrDefault(step, Set.of())) {
            findCycles(source, edges, path, done, reported);
        }
        path.remove(path.size() - 1);
        done.add(step);
    }

    private boolean checkName(String path, String name, String what) {
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            problem(path, "'" + name + "' is not a valid " + what + " name: use up to " + MAX_NAME_LENGTH
                    + " letters, digits, '-' and '_', starting and ending with a letter or digit ('.' separates"
                    + " the parts of step references such as model.outputs)");
            return false;
        }
        return true;
    }

    private void joinType(String path, String value) {
        if (value != null && JoinType.parse(value).isEmpty()) {
            problem(path, "'" + value + "' is not a join type; valid: " + JoinType.validValues());
        }
    }

    private void uint32(String path, Long value) {
        if (value != null && (value < 0 || value > MAX_UINT32)) {
            problem(path, value + " is out of range: expected 0 to " + MAX_UINT32);
        }
    }

    private String firstStepOr(String fallback) {
        return steps.isEmpty() ? fallback : steps.keySet().iterator().next();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private void problem(String path, String problem) {
        problems.add(new SpecProblem(path, problem));
    }
}
