package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressingTest {

    @Test
    void modelPathWithoutHeaderAddressesTheModel() {
        assertThat(Addressing.forModelPath("iris", Optional.empty())).isEqualTo(Target.model("iris"));
    }

    @Test
    void seldonModelHeaderWinsOverThePathAsAtSeldonsIngress() {
        assertThat(Addressing.forModelPath("anything", Optional.of("tfsimples.pipeline")))
                .isEqualTo(Target.pipeline("tfsimples"));
        assertThat(Addressing.forModelPath("anything", Optional.of("iris"))).isEqualTo(Target.model("iris"));
    }

    @Test
    void blankHeaderIsIgnored() {
        assertThat(Addressing.forModelPath("iris", Optional.of("  "))).isEqualTo(Target.model("iris"));
    }

    @Test
    void modelPathEndingInPipelineSuffixAddressesThePipeline() {
        assertThat(Addressing.forModelPath("tfsimples.pipeline", Optional.empty()))
                .isEqualTo(Target.pipeline("tfsimples"));
    }

    @Test
    void pipelinePathAddressesThePipelineWithOrWithoutSuffix() {
        assertThat(Addressing.forPipelinePath("p", Optional.empty())).isEqualTo(Target.pipeline("p"));
        assertThat(Addressing.forPipelinePath("p.pipeline", Optional.empty())).isEqualTo(Target.pipeline("p"));
        assertThat(Addressing.forPipelinePath("p", Optional.of("p.pipeline"))).isEqualTo(Target.pipeline("p"));
    }

    @Test
    void pipelinePathAndHeaderNamingSomethingElseIsRejectedNamingBoth() {
        assertThatThrownBy(() -> Addressing.forPipelinePath("p", Optional.of("iris")))
                .isInstanceOf(InferenceFailure.class)
                .hasMessageContaining("pipeline 'p'")
                .hasMessageContaining("model 'iris'")
                .extracting(e -> ((InferenceFailure) e).reason()).isEqualTo(InferenceFailure.Reason.INVALID_REQUEST);
    }

    @Test
    void emptyNameIsRejectedSayingWhatToSend() {
        assertThatThrownBy(() -> Addressing.forModelPath("x", Optional.of(".pipeline")))
                .isInstanceOf(InferenceFailure.class)
                .hasMessageContaining("header seldon-model is empty")
                .hasMessageContaining("mypipeline.pipeline");
    }
}
