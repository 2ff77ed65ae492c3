package io.seldonmesh.common.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.spec.StepReference.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PipelineParsingTest {

    @ParameterizedTest
    @ValueSource(strings = {"tfsimples-pipeline.yaml", "tfsimples-join-pipeline.yaml", "joincheck-pipeline.yaml",
            "trigger-joins-pipeline.yaml", "conditional-pipeline.yaml", "tfsimple-extended-pipeline.yaml",
            "tfsimple-extended-step-pipeline.yaml", "tfsimple-combined-trigger-pipeline.yaml",
            "iris-batch-pipeline.yaml"})
    void seldonExamplesParseAndRoundTripUnchanged(String file) {
        Pipeline pipeline = Pipeline.parse(Samples.text(file));

        assertThat(Samples.tree(pipeline.specJson())).isEqualTo(Samples.specTree(file));
        assertThat(Pipeline.fromControlRecord(pipeline.name().getBytes(StandardCharsets.UTF_8), pipeline.specJson()))
                .isEqualTo(pipeline);
    }

    @Test
    void chainDefaultsTheFirstStepToThePipelineInputsAndRenamesTensors() {
        Pipeline pipeline = Pipeline.parse(Samples.text("tfsimples-pipeline.yaml"));

        assertThat(pipeline.name()).isEqualTo("tfsimples");
        assertThat(pipeline.models()).containsExactly("tfsimple1", "tfsimple2");
        PipelineStep first = pipeline.spec().steps().get(0);
        assertThat(first.inputReferences("tfsimples"))
                .containsExactly(new StepReference("tfsimples", Kind.INPUTS, null));
        PipelineStep second = pipeline.spec().step("tfsimple2").orElseThrow();
        assertThat(second.inputReferences("tfsimples"))
                .containsExactly(new StepReference("tfsimple1", Kind.OUTPUTS, null));
        assertThat(second.tensorRenames("tfsimples")).containsExactly(
                Map.entry(new StepReference("tfsimple1", Kind.OUTPUTS, "OUTPUT0"), "INPUT0"),
                Map.entry(new StepReference("tfsimple1", Kind.OUTPUTS, "OUTPUT1"), "INPUT1"));
        assertThat(pipeline.spec().output().stepReferences("tfsimples"))
                .containsExactly(new StepReference("tfsimple2", Kind.OUTPUTS, null));
        assertThat(second.inputsJoin()).isEqualTo(JoinType.INNER);
    }

    @Test
    void joinTakesOneTensorFromEachStep() {
        PipelineStep join = Pipeline.parse(Samples.text("tfsimples-join-pipeline.yaml")).spec().steps().get(2);

        assertThat(join.inputReferences("join")).extracting(StepReference::toString)
                .containsExactly("tfsimple1.outputs.OUTPUT0", "tfsimple2.outputs.OUTPUT1");
    }

    @Test
    void triggersGateAStepWithoutFeedingIt() {
        PipelineStep step = Pipeline.parse(Samples.text("joincheck-pipeline.yaml")).spec().step("tfsimple3")
                .orElseThrow();

        assertThat(step.triggerReferences("joincheck"))
                .containsExactly(new StepReference("check", Kind.OUTPUTS, "OUTPUT"));
        assertThat(step.triggersJoin()).isEqualTo(JoinType.INNER);
    }

    @Test
    void triggersOnThePipelineInputsReferToThePipelineItself() {
        Pipeline pipeline = Pipeline.parse(Samples.text("trigger-joins-pipeline.yaml"));
        PipelineStep mul10 = pipeline.spec().steps().get(0);

        List<StepReference> triggers = mul10.triggerReferences("trigger-joins");
        assertThat(triggers).containsExactly(new StepReference("trigger-joins", Kind.INPUTS, "ok1"),
                new StepReference("trigger-joins", Kind.INPUTS, "ok2"));
        assertThat(triggers.get(0).refersToPipeline("trigger-joins")).isTrue();
        assertThat(mul10.triggersJoin()).isEqualTo(JoinType.ANY);
        assertThat(pipeline.spec().output().join()).isEqualTo(JoinType.ANY);
    }

    @Test
    void pipelineInputsComeFromAnotherPipelineOrOneOfItsSteps() {
        PipelineInput extended = Pipeline.parse(Samples.text("tfsimple-extended-pipeline.yaml")).spec().input();
        assertThat(extended.inputReferences())
                .containsExactly(new ExternalReference("tfsimple", null, Kind.OUTPUTS, null));
        assertThat(extended.tensorRenames()).containsEntry(
                new ExternalReference("tfsimple", null, Kind.OUTPUTS, "OUTPUT0"), "INPUT0");

        PipelineInput step = Pipeline.parse(Samples.text("tfsimple-extended-step-pipeline.yaml")).spec().input();
        assertThat(step.inputReferences())
                .containsExactly(new ExternalReference("tfsimple", "tfsimple1", Kind.OUTPUTS, null));

        PipelineInput triggered = Pipeline.parse(Samples.text("tfsimple-combined-trigger-pipeline.yaml")).spec().input();
        assertThat(triggered.triggerReferences())
                .containsExactly(new ExternalReference("tfsimple-extended2", null, Kind.OUTPUTS, null));
        assertThat(triggered.inputsJoin()).isEqualTo(JoinType.INNER);
    }

    @Test
    void batchAndDataflowSettingsAreRead() {
        PipelineSpec spec = Pipeline.parse(Samples.text("iris-batch-pipeline.yaml")).spec();

        assertThat(spec.steps().get(0).batch().size()).isEqualTo(2L);
        assertThat(spec.dataflow().cleansTopicsOnDelete()).isTrue();
    }

    @Test
    void bareJsonSpecIsNamedByTheControlRecordKey() {
        Pipeline pipeline = Pipeline.parseNamed("chain",
                "{\"steps\":[{\"name\":\"model1\"},{\"name\":\"model2\",\"inputs\":[\"model1\"]}],"
                        + "\"output\":{\"steps\":[\"model2\"]}}");

        assertThat(pipeline.name()).isEqualTo("chain");
        assertThat(pipeline.resource().toString()).isEqualTo("{\"apiVersion\":\"mlops.seldon.io/v1alpha1\","
                + "\"kind\":\"Pipeline\",\"metadata\":{\"name\":\"chain\"},\"spec\":{\"steps\":[{\"name\":\"model1\"},"
                + "{\"name\":\"model2\",\"inputs\":[\"model1\"]}],\"output\":{\"steps\":[\"model2\"]}}}");
    }

    @Test
    void fieldsThisVersionDoesNotKnowAreKeptOnTheWayThrough() {
        Pipeline pipeline = Pipeline.parseNamed("p", "steps:\n- name: a\n  priority: high\nreplicas: 3\n");

        assertThat(new String(pipeline.specJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"steps\":[{\"name\":\"a\",\"priority\":\"high\"}],\"replicas\":3}");
    }

    @Test
    void leadingDocumentMarkerAndCommentsAreFine() {
        Pipeline pipeline = Pipeline.parse("# from kubectl\n---\n" + Samples.text("tfsimples-pipeline.yaml"));

        assertThat(pipeline.name()).isEqualTo("tfsimples");
    }

    @Test
    void cyclesAreAcceptedWhenThePipelineAllowsThem() {
        Pipeline pipeline = Pipeline.parseNamed("loop", "allowCycles: true\nsteps:\n- name: a\n  inputs: [loop.inputs, b]\n"
                + "  inputsJoinType: any\n- name: b\n  inputs: [a]\n");

        assertThat(pipeline.spec().cyclesAllowed()).isTrue();
    }
}
