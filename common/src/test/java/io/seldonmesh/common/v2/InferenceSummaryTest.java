package io.seldonmesh.common.v2;

import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InferenceSummaryTest {

    @Test
    void requestDescriptionNamesModelIdTensorsAndSize() {
        ModelInferRequest request = V2Json.parseRequest(Samples.resource("iris-request.json")).toBuilder()
                .setModelName("iris").setModelVersion("1").setId("abc")
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("proba"))
                .build();

        assertThat(InferenceSummary.describe(request))
                .isEqualTo("request 'abc' to model 'iris' v1: inputs [predict FP32[1,4]], outputs [proba], "
                        + request.getSerializedSize() + " B");
    }

    @Test
    void rawTensorsAreMarkedInTheDescription() {
        ModelInferResponse response = Tensors.setOutputs(ModelInferResponse.newBuilder().setModelName("m"),
                List.of(Tensor.ofFloats("h", Datatype.FP16, new long[] {2}, new float[] {1, 2}))).build();

        assertThat(InferenceSummary.describe(response)).startsWith("response from model 'm': outputs [h FP16[2] (raw)], ");
    }

    @Test
    void invalidMessagesAreStillDescribed() {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().addShape(-3))
                .build();

        assertThat(InferenceSummary.describe(request)).isEqualTo("request: inputs [? ?[-3]], " + request.getSerializedSize() + " B");
    }

    @Test
    void sizesAreHumanReadable() {
        assertThat(InferenceSummary.humanBytes(512)).isEqualTo("512 B");
        assertThat(InferenceSummary.humanBytes(1536)).isEqualTo("1.5 KiB");
        assertThat(InferenceSummary.humanBytes(12_897_485)).isEqualTo("12.3 MiB");
        assertThat(InferenceSummary.humanBytes(3L << 30)).isEqualTo("3.0 GiB");
    }

    @Test
    void oversizePayloadProblemNamesBothSizesAndTheSetting() {
        assertThat(InferenceSummary.sizeLimitProblem("response of model 'iris' to request 'abc'", 1_572_864,
                "KAFKA_MESSAGE_MAX_BYTES", 1_048_576))
                .map(V2Problem::message)
                .contains("response of model 'iris' to request 'abc' is 1.5 MiB (1572864 bytes), larger than "
                        + "KAFKA_MESSAGE_MAX_BYTES = 1.0 MiB (1048576 bytes)");
        assertThat(InferenceSummary.sizeLimitProblem("x", 1_048_576, "LIMIT", 1_048_576)).isEmpty();
    }
}
