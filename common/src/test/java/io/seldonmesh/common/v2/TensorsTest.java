package io.seldonmesh.common.v2;

import io.seldonmesh.common.v2.proto.InferParameter;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorsTest {

    private static ModelInferRequest requestWith(Tensor... inputs) {
        return Tensors.setInputs(ModelInferRequest.newBuilder().setModelName("m").setId("r1"), List.of(inputs))
                .build();
    }

    @ParameterizedTest
    @EnumSource(value = Datatype.class, names = {"FP16", "BF16"}, mode = EnumSource.Mode.EXCLUDE)
    void typedRequestOfEveryDatatypeGoesRawAndBackUnchanged(Datatype datatype) {
        ModelInferRequest typed = requestWith(Samples.tensor("x", datatype));

        ModelInferRequest raw = Tensors.toRaw(typed);

        assertThat(raw.getRawInputContentsCount()).isEqualTo(1);
        assertThat(raw.getInputs(0).hasContents()).isFalse();
        assertThat(Tensors.toTyped(raw)).isEqualTo(typed);
    }

    @ParameterizedTest
    @EnumSource(value = Datatype.class, names = {"FP16", "BF16"}, mode = EnumSource.Mode.EXCLUDE)
    void typedResponseOfEveryDatatypeGoesRawAndBackUnchanged(Datatype datatype) {
        ModelInferResponse typed = Tensors.setOutputs(ModelInferResponse.newBuilder().setModelName("m"),
                List.of(Samples.tensor("y", datatype))).build();

        ModelInferResponse raw = Tensors.toRaw(typed);

        assertThat(raw.getRawOutputContentsCount()).isEqualTo(1);
        assertThat(Tensors.toTyped(raw)).isEqualTo(typed);
    }

    @ParameterizedTest
    @EnumSource(Datatype.class)
    void everyDatatypeReadsBackTheSameValuesWhateverTheRepresentation(Datatype datatype) {
        Tensor original = Samples.tensor("x", datatype);
        ModelInferRequest raw = Tensors.toRaw(requestWith(original));

        Tensor read = Tensors.inputs(raw).get(0);

        assertThat(read.datatype()).isEqualTo(datatype);
        assertThat(read.shape()).containsExactly(2, 2);
        assertThat(read.raw()).isEqualTo(original.raw());
    }

    @Test
    void requestWithAnFp16InputIsRawForEveryInput() {
        ModelInferRequest request = requestWith(
                Tensor.ofFloats("a", Datatype.FP32, new long[] {1}, new float[] {1}),
                Tensor.ofFloats("h", Datatype.FP16, new long[] {2}, new float[] {1.5f, -2}));

        assertThat(request.getRawInputContentsCount()).isEqualTo(2);
        assertThat(request.getInputsList()).allMatch(input -> !input.hasContents());
        assertThat(Tensors.inputs(request).get(1).floats()).containsExactly(1.5f, -2f);
    }

    @Test
    void fp16RequestCannotBeMadeTypedAndSaysWhy() {
        ModelInferRequest request = requestWith(Tensor.ofFloats("h", Datatype.FP16, new long[] {1}, new float[] {1}));

        assertThatThrownBy(() -> Tensors.toTyped(request))
                .isInstanceOf(V2ValidationException.class)
                .hasMessage("tensor 'h' is FP16, which has no typed contents field; keep the message raw and "
                        + "read it with Tensors.inputs/outputs");
    }

    @Test
    void conversionKeepsIdModelParametersAndRequestedOutputs() {
        ModelInferRequest request = requestWith(Samples.tensor("x", Datatype.FP32)).toBuilder()
                .putParameters("p", InferParameter.newBuilder().setInt64Param(3).build())
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("y"))
                .build();

        ModelInferRequest raw = Tensors.toRaw(request);

        assertThat(raw.getModelName()).isEqualTo("m");
        assertThat(raw.getId()).isEqualTo("r1");
        assertThat(raw.getParametersMap()).containsKey("p");
        assertThat(raw.getOutputs(0).getName()).isEqualTo("y");
    }

    @Test
    void tensorParametersTravelWithTheTensor() {
        Map<String, InferParameter> contentType =
                Map.of("content_type", InferParameter.newBuilder().setStringParam("np").build());
        ModelInferRequest request = requestWith(Samples.tensor("x", Datatype.INT32).withParameters(contentType));

        assertThat(request.getInputs(0).getParametersMap()).isEqualTo(contentType);
        assertThat(Tensors.inputs(Tensors.toRaw(request)).get(0).parameters()).isEqualTo(contentType);
    }

    @Test
    void settingTwoTensorsOfTheSameNameIsRejected() {
        Tensor x = Samples.tensor("x", Datatype.FP32);

        assertThatThrownBy(() -> requestWith(x, x))
                .hasMessage("inputs #0 and #1 are both named 'x'; tensor names must be unique");
    }

    @Test
    void identityModelCanTurnInputsIntoOutputsOfAnyRepresentation() {
        ModelInferRequest request = Tensors.toRaw(requestWith(Samples.tensor("x", Datatype.UINT16)));

        ModelInferResponse response = Tensors.setOutputs(ModelInferResponse.newBuilder().setModelName("identity"),
                Tensors.inputs(request)).build();

        assertThat(response.getOutputs(0).getContents().getUintContentsList()).containsExactly(0, 65535, 300, 1);
    }

    @Test
    void responseBecomesRequestWithOutputsAsInputsKeepingRawData() {
        ModelInferResponse response = Tensors.toRaw(Tensors.setOutputs(
                ModelInferResponse.newBuilder().setModelName("a").setModelVersion("1").setId("r9"),
                List.of(Samples.tensor("y", Datatype.INT64))).build());

        ModelInferRequest request = Tensors.responseAsRequest(response);

        assertThat(request.getId()).isEqualTo("r9");
        assertThat(request.getModelName()).isEmpty();
        assertThat(request.getInputs(0).getName()).isEqualTo("y");
        assertThat(request.getRawInputContentsList()).isEqualTo(response.getRawOutputContentsList());
        assertThat(Tensors.inputs(request).get(0).longs())
                .containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, 0, -1);
    }

    @Test
    void readingAnInvalidRequestReportsEveryProblem() {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("a").setDatatype("FP33"))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("b").setDatatype("INT32")
                        .addShape(-1))
                .build();

        assertThatThrownBy(() -> Tensors.inputs(request))
                .isInstanceOf(V2ValidationException.class)
                .hasMessageStartingWith("2 problems: input 'a' has unknown datatype 'FP33'")
                .hasMessageContaining("; input 'b' has shape [-1] with negative dimension -1 at index 0");
    }
}
