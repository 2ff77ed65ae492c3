package io.seldonmesh.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.spec.StepReference.Kind;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    @Test
    void stepReferenceFormsParse() {
        assertThat(StepReference.parse("m", "p")).isEqualTo(new StepReference("m", Kind.OUTPUTS, null));
        assertThat(StepReference.parse("m.outputs", "p")).isEqualTo(new StepReference("m", Kind.OUTPUTS, null));
        assertThat(StepReference.parse("m.outputs.t", "p")).isEqualTo(new StepReference("m", Kind.OUTPUTS, "t"));
        assertThat(StepReference.parse("m.inputs", "p")).isEqualTo(new StepReference("m", Kind.INPUTS, null));
        assertThat(StepReference.parse("m.inputs.t", "p").tensorName()).contains("t");
    }

    @Test
    void barePipelineNameMeansItsInputs() {
        StepReference reference = StepReference.parse("p", "p");
        assertThat(reference).isEqualTo(new StepReference("p", Kind.INPUTS, null));
        assertThat(reference.refersToPipeline("p")).isTrue();
        assertThat(reference).hasToString("p.inputs");
    }

    @Test
    void canonicalFormIsWrittenOut() {
        assertThat(StepReference.parse("tfsimple1", "p")).hasToString("tfsimple1.outputs");
        assertThat(StepReference.parse("tfsimple1.outputs.OUTPUT0", "p")).hasToString("tfsimple1.outputs.OUTPUT0");
    }

    @Test
    void externalReferenceFormsParse() {
        assertThat(ExternalReference.parse("q")).isEqualTo(new ExternalReference("q", null, Kind.OUTPUTS, null));
        assertThat(ExternalReference.parse("q.inputs.t")).isEqualTo(new ExternalReference("q", null, Kind.INPUTS, "t"));
        assertThat(ExternalReference.parse("q.step.m")).isEqualTo(new ExternalReference("q", "m", Kind.OUTPUTS, null));
        assertThat(ExternalReference.parse("q.step.m.inputs.t"))
                .isEqualTo(new ExternalReference("q", "m", Kind.INPUTS, "t"));
        assertThat(ExternalReference.parse("q.step.m.outputs.t")).hasToString("q.step.m.outputs.t");
        assertThat(ExternalReference.parse("q.step.m").stepName()).contains("m");
    }

    @Test
    void externalReferenceToAStepNeedsTheStepName() {
        assertThatThrownBy(() -> ExternalReference.parse("q.step")).hasMessageStartingWith(
                "'q.step' is not a step reference of another pipeline; valid forms:");
        assertThatThrownBy(() -> ExternalReference.parse("q.step.m.out")).hasMessageStartingWith(
                "'q.step.m.out': 'out' must be 'inputs' or 'outputs'");
    }
}
