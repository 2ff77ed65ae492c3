package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeldonSamplePipelinesTest {

    @Test
    void eachSampleIsAPipelineResourceNamedAsItsSampleAfterThePipelinesItReads() {
        assertThat(SeldonSamplePipelines.all()).extracting(SeldonSamplePipelines.Sample::name).containsExactly(
                "tfsimples", "tfsimples-input", "join", "tfsimple-conditional", "pipeline-inputs", "trigger-joins",
                "tfsimple", "tfsimple-extended", "tfsimple-extended2", "tfsimple-combined-trigger");
        for (SeldonSamplePipelines.Sample sample : SeldonSamplePipelines.all()) {
            assertThat(sample.resource()).as(sample.name())
                    .startsWith("apiVersion: mlops.seldon.io/v1alpha1\nkind: Pipeline\nmetadata:\n  name: "
                            + sample.name() + "\nspec:\n");
        }
    }

    @Test
    void unknownSampleIsRefusedListingTheSamples() {
        assertThat(SeldonSamplePipelines.sample("join")).isSameAs(SeldonSamplePipelines.JOIN);
        assertThatThrownBy(() -> SeldonSamplePipelines.sample("iris")).hasMessage("no Seldon sample pipeline 'iris';"
                + " the samples are tfsimples, tfsimples-input, join, tfsimple-conditional, pipeline-inputs,"
                + " trigger-joins, tfsimple, tfsimple-extended, tfsimple-extended2, tfsimple-combined-trigger");
    }
}
