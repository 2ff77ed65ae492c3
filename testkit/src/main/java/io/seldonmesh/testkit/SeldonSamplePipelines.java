package io.seldonmesh.testkit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Seldon Core 2's sample Pipelines ({@code samples/pipelines} in SeldonIO/seldon-core), the texts as Seldon's
 * pipeline examples show them ({@code samples/pipeline-examples.md}, {@code samples/pipeline-to-pipeline.md}),
 * copied as they are, with the requests those examples send. They run the sample Models of
 * {@link SeldonSampleModels}; the names matter, since steps and tensor references name models and pipelines.
 * <p>
 * The requests are Seldon's, in V2 REST JSON (the examples send most of them over gRPC; the tensors are the same).
 */
public final class SeldonSamplePipelines {

    /** One sample Pipeline: its name and its resource, to give to a control API as it is. */
    public record Sample(String name, String resource) {
    }

    /** A chain: tfsimple1's outputs, renamed by tensorMap, are tfsimple2's inputs. */
    public static final Sample TFSIMPLES = new Sample("tfsimples", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: tfsimples
            spec:
              steps:
                - name: tfsimple1
                - name: tfsimple2
                  inputs:
                  - tfsimple1
                  tensorMap:
                    tfsimple1.outputs.OUTPUT0: INPUT0
                    tfsimple1.outputs.OUTPUT1: INPUT1
              output:
                steps:
                - tfsimple2
            """);

    /** A step taking one tensor of another step's inputs and one of its outputs. */
    public static final Sample TFSIMPLES_INPUT = new Sample("tfsimples-input", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: tfsimples-input
            spec:
              steps:
                - name: tfsimple1
                - name: tfsimple2
                  inputs:
                  - tfsimple1.inputs.INPUT0
                  - tfsimple1.outputs.OUTPUT1
                  tensorMap:
                    tfsimple1.outputs.OUTPUT1: INPUT1
              output:
                steps:
                - tfsimple2
            """);

    /** An inner join of one output tensor of each of two steps ({@code tfsimples-join.yaml}). */
    public static final Sample JOIN = new Sample("join", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: join
            spec:
              steps:
                - name: tfsimple1
                - name: tfsimple2
                - name: tfsimple3
                  inputs:
                  - tfsimple1.outputs.OUTPUT0
                  - tfsimple2.outputs.OUTPUT1
                  tensorMap:
                    tfsimple1.outputs.OUTPUT0: INPUT0
                    tfsimple2.outputs.OUTPUT1: INPUT1
              output:
                steps:
                - tfsimple3
            """);

    /** Conditional routing: only the step whose tensor the first step outputs runs ({@code conditional.yaml}). */
    public static final Sample CONDITIONAL = new Sample("tfsimple-conditional", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: tfsimple-conditional
            spec:
              steps:
              - name: conditional
              - name: mul10
                inputs:
                - conditional.outputs.OUTPUT0
                tensorMap:
                  conditional.outputs.OUTPUT0: INPUT
              - name: add10
                inputs:
                - conditional.outputs.OUTPUT1
                tensorMap:
                  conditional.outputs.OUTPUT1: INPUT
              output:
                steps:
                - mul10
                - add10
                stepsJoin: any
            """);

    /** Steps taking single tensors of the pipeline's inputs. */
    public static final Sample PIPELINE_INPUTS = new Sample("pipeline-inputs", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: pipeline-inputs
            spec:
              steps:
              - name: mul10
                inputs:
                - pipeline-inputs.inputs.INPUT0
                tensorMap:
                  pipeline-inputs.inputs.INPUT0: INPUT
              - name: add10
                inputs:
                - pipeline-inputs.inputs.INPUT1
                tensorMap:
                  pipeline-inputs.inputs.INPUT1: INPUT
              output:
                steps:
                - mul10
                - add10
            """);

    /** Triggers from the pipeline's inputs, joined with {@code any} for one step. */
    public static final Sample TRIGGER_JOINS = new Sample("trigger-joins", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: trigger-joins
            spec:
              steps:
              - name: mul10
                inputs:
                - trigger-joins.inputs.INPUT
                triggers:
                - trigger-joins.inputs.ok1
                - trigger-joins.inputs.ok2
                triggersJoinType: any
              - name: add10
                inputs:
                - trigger-joins.inputs.INPUT
                triggers:
                - trigger-joins.inputs.ok3
              output:
                steps:
                - mul10
                - add10
                stepsJoin: any
            """);

    /** One step; the pipelines below run off its outputs. */
    public static final Sample TFSIMPLE = new Sample("tfsimple", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: tfsimple
            spec:
              steps:
                - name: tfsimple1
              output:
                steps:
                - tfsimple1
            """);

    /** A pipeline whose inputs are another pipeline's outputs. */
    public static final Sample TFSIMPLE_EXTENDED = new Sample("tfsimple-extended", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: tfsimple-extended
            spec:
              input:
                externalInputs:
                  - tfsimple.outputs
                tensorMap:
                  tfsimple.outputs.OUTPUT0: INPUT0
                  tfsimple.outputs.OUTPUT1: INPUT1
              steps:
                - name: tfsimple2
              output:
                steps:
                - tfsimple2
            """);

    /** The same as {@link #TFSIMPLE_EXTENDED} under another name. */
    public static final Sample TFSIMPLE_EXTENDED2 = new Sample("tfsimple-extended2", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: tfsimple-extended2
            spec:
              input:
                externalInputs:
                  - tfsimple.outputs
                tensorMap:
                  tfsimple.outputs.OUTPUT0: INPUT0
                  tfsimple.outputs.OUTPUT1: INPUT1
              steps:
                - name: tfsimple2
              output:
                steps:
                - tfsimple2
            """);

    /** Inputs from one pipeline's outputs, gated by another pipeline's outputs. */
    public static final Sample TFSIMPLE_COMBINED_TRIGGER = new Sample("tfsimple-combined-trigger", """
            apiVersion: mlops.seldon.io/v1alpha1
            kind: Pipeline
            metadata:
              name: tfsimple-combined-trigger
            spec:
              input:
                externalInputs:
                  - tfsimple-extended.outputs
                externalTriggers:
                  - tfsimple-extended2.outputs
                tensorMap:
                  tfsimple-extended.outputs.OUTPUT0: INPUT0
                  tfsimple-extended.outputs.OUTPUT1: INPUT1
              steps:
                - name: tfsimple2
              output:
                steps:
                - tfsimple2
            """);

    private static final List<Sample> ALL = List.of(TFSIMPLES, TFSIMPLES_INPUT, JOIN, CONDITIONAL, PIPELINE_INPUTS,
            TRIGGER_JOINS, TFSIMPLE, TFSIMPLE_EXTENDED, TFSIMPLE_EXTENDED2, TFSIMPLE_COMBINED_TRIGGER);

    private static final String ONE_TO_SIXTEEN = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]";

    /** What the examples send to every pipeline of the tfsimple models: INPUT0 = INPUT1 = 1..16, INT32 [1,16]. */
    public static final String TFSIMPLE_REQUEST = "{\"inputs\":[{\"name\":\"INPUT0\",\"data\":" + ONE_TO_SIXTEEN
            + ",\"datatype\":\"INT32\",\"shape\":[1,16]},{\"name\":\"INPUT1\",\"data\":" + ONE_TO_SIXTEEN
            + ",\"datatype\":\"INT32\",\"shape\":[1,16]}]}";

    /** What the examples send {@link #PIPELINE_INPUTS}: INPUT0 = INPUT1 = [1,2,3,4], FP32 [4]. */
    public static final String PIPELINE_INPUTS_REQUEST = "{\"inputs\":[{\"name\":\"INPUT0\",\"data\":[1,2,3,4],"
            + "\"datatype\":\"FP32\",\"shape\":[4]},{\"name\":\"INPUT1\",\"data\":[1,2,3,4],\"datatype\":\"FP32\","
            + "\"shape\":[4]}]}";

    private SeldonSamplePipelines() {
    }

    /** Every sample, each after the pipelines it reads from. */
    public static List<Sample> all() {
        return ALL;
    }

    /** @throws IllegalArgumentException listing the samples there are */
    public static Sample sample(String name) {
        return ALL.stream().filter(sample -> sample.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Seldon sample pipeline '" + name
                        + "'; the samples are " + ALL.stream().map(Sample::name).collect(Collectors.joining(", "))));
    }

    /** What the examples send {@link #CONDITIONAL}: CHOICE INT32 [1], INPUT0 = INPUT1 = [1,2,3,4] FP32 [4]. */
    public static String conditionalRequest(int choice) {
        return "{\"inputs\":[{\"name\":\"CHOICE\",\"data\":[" + choice + "],\"datatype\":\"INT32\",\"shape\":[1]},"
                + "{\"name\":\"INPUT0\",\"data\":[1,2,3,4],\"datatype\":\"FP32\",\"shape\":[4]},"
                + "{\"name\":\"INPUT1\",\"data\":[1,2,3,4],\"datatype\":\"FP32\",\"shape\":[4]}]}";
    }

    /** What the examples send {@link #TRIGGER_JOINS}: a trigger tensor (ok1, ok2 or ok3) FP32 [1] and INPUT [1,2,3,4]. */
    public static String triggerJoinsRequest(String trigger) {
        return "{\"inputs\":[{\"name\":\"" + trigger + "\",\"data\":[1],\"datatype\":\"FP32\",\"shape\":[1]},"
                + "{\"name\":\"INPUT\",\"data\":[1,2,3,4],\"datatype\":\"FP32\",\"shape\":[4]}]}";
    }
}
