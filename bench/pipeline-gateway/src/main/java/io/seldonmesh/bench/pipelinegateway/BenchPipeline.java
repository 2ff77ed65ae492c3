package io.seldonmesh.bench.pipelinegateway;

import java.util.List;

/**
 * The pipelines measured, as Seldon Pipeline resources. Every step runs a model of its own (each an identity model):
 * a pipeline's dataflow reads its steps' outputs topics, so steps sharing a model would make each pipeline read and
 * drop the others' answers while they are measured.
 */
enum BenchPipeline {
    ONE_STEP("one-step", List.of("one-step-model"), """
              steps:
              - name: one-step-model
              output: {steps: [one-step-model]}
            """),
    CHAIN("chain", List.of("chain-first", "chain-second"), """
              steps:
              - name: chain-first
              - name: chain-second
                inputs: [chain-first]
              output: {steps: [chain-second]}
            """),
    /** Both steps read the pipeline's inputs; the answer waits for both (the shape of Seldon's pipeline-inputs). */
    JOIN("join", List.of("join-left", "join-right"), """
              steps:
              - name: join-left
              - name: join-right
              output:
                steps: [join-left, join-right]
                stepsJoin: inner
            """);

    private final String pipelineName;
    private final List<String> models;
    private final String spec;

    BenchPipeline(String pipelineName, List<String> models, String spec) {
        this.pipelineName = pipelineName;
        this.models = models;
        this.spec = spec;
    }

    String pipelineName() {
        return pipelineName;
    }

    List<String> models() {
        return models;
    }

    String resource() {
        return "apiVersion: mlops.seldon.io/v1alpha1\nkind: Pipeline\nmetadata:\n  name: " + pipelineName + "\nspec:\n"
                + spec;
    }
}
