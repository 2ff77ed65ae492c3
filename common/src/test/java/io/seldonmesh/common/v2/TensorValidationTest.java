package io.seldonmesh.common.v2;

import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferRequest.InferInputTensor;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorValidationTest {

    private static InferInputTensor.Builder input(String name, String datatype, long... shape) {
        InferInputTensor.Builder input = InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
        for (long dimension : shape) {
            input.addShape(dimension);
        }
        return input;
    }

    private static InferTensorContents fp32(float... values) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float value : values) {
            contents.addFp32Contents(value);
        }
        return contents.build();
    }

    private static ModelInferRequest request(InferInputTensor.Builder... inputs) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("m");
        for (InferInputTensor.Builder input : inputs) {
            request.addInputs(input);
        }
        return request.build();
    }

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static String onlyProblem(ModelInferRequest request) {
        assertThat(TensorValidation.problems(request)).hasSize(1);
        return TensorValidation.problems(request).get(0).message();
    }

    @Test
    void validTypedRequestHasNoProblems() {
        assertThat(TensorValidation.problems(request(input("x", "FP32", 1, 2).setContents(fp32(1, 2))))).isEmpty();
    }

    @Test
    void nonFiniteFloatsAreValidProtobufDataAndReachJsonAsStrings() {
        ModelInferRequest request = request(input("x", "FP32", 3)
                .setContents(fp32(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)));

        assertThat(TensorValidation.problems(request)).isEmpty();
        assertThat(new String(V2Json.writeRequest(request), StandardCharsets.UTF_8))
                .contains("\"data\":[\"NaN\",\"Infinity\",\"-Infinity\"]");
    }

    @Test
    void unknownDatatypeIsNamedWithTheValidOnes() {
        assertThat(onlyProblem(request(input("x", "FLOAT32", 1).setContents(fp32(1)))))
                .isEqualTo("input 'x' has unknown datatype 'FLOAT32'; valid datatypes are BOOL, UINT8, UINT16, "
                        + "UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16");
    }

    @Test
    void missingDatatypeIsReported() {
        assertThat(onlyProblem(request(input("x", "", 1).setContents(fp32(1)))))
                .startsWith("input 'x' has no datatype; valid datatypes are BOOL, ");
    }

    @Test
    void negativeDimensionIsReportedWithItsPosition() {
        assertThat(onlyProblem(request(input("x", "FP32", 1, -4).setContents(fp32(1)))))
                .isEqualTo("input 'x' has shape [1,-4] with negative dimension -4 at index 1; "
                        + "dimensions must be 0 or more");
    }

    @Test
    void shapeBeyondJavaArraysIsReported() {
        assertThat(onlyProblem(request(input("x", "FP32", 100_000, 100_000).setContents(fp32(1)))))
                .isEqualTo("input 'x' has shape [100000,100000], more than 2147483647 elements; "
                        + "split the tensor into smaller requests");
    }

    @Test
    void shapeAndElementCountDisagreeingGivesBothNumbers() {
        assertThat(onlyProblem(request(input("x", "FP32", 1, 4).setContents(fp32(1, 2, 3)))))
                .isEqualTo("input 'x' has shape [1,4], which needs 4 elements, but its data has 3 elements");
    }

    @Test
    void tensorWithoutDataIsReportedWithTheNeededCount() {
        assertThat(onlyProblem(request(input("x", "FP32", 2, 2))))
                .isEqualTo("input 'x' has no data; shape [2,2] needs 4 elements");
    }

    @Test
    void fp16WithoutDataIsToldWhereItsDataGoes() {
        assertThat(onlyProblem(request(input("h", "FP16", 2))))
                .isEqualTo("input 'h' has no data; shape [2] needs 2 elements (FP16 data goes in "
                        + "raw_input_contents, 2 bytes per element, little-endian)");
    }

    @Test
    void dataInTheWrongFieldNamesBothFields() {
        InferTensorContents ints = InferTensorContents.newBuilder().addIntContents(1).build();

        assertThat(onlyProblem(request(input("x", "FP32", 1).setContents(ints))))
                .isEqualTo("input 'x' has datatype FP32 but its data is in int_contents; "
                        + "FP32 data belongs in fp32_contents");
    }

    @Test
    void fp16InATypedFieldIsToldToUseRawContents() {
        assertThat(onlyProblem(request(input("h", "FP16", 1).setContents(fp32(1)))))
                .isEqualTo("input 'h' has datatype FP16 but its data is in fp32_contents; FP16 has no typed "
                        + "contents field: send it in raw_input_contents (2 bytes per element, little-endian)");
    }

    @Test
    void rawAndTypedDataMixedInOneRequestIsRejected() {
        ModelInferRequest request = request(input("a", "FP32", 1).setContents(fp32(1)), input("b", "FP32", 1))
                .toBuilder().addRawInputContents(hex("0000803f")).addRawInputContents(hex("0000803f")).build();

        assertThat(onlyProblem(request))
                .isEqualTo("input 'a' has data in fp32_contents while the message also uses raw_input_contents; "
                        + "when raw_input_contents is used, every tensor's data must be there and none in contents");
    }

    @Test
    void rawEntryCountDifferentFromInputCountGivesBothNumbers() {
        ModelInferRequest request = request(input("a", "FP32", 1), input("b", "FP32", 1))
                .toBuilder().addRawInputContents(hex("0000803f")).build();

        assertThat(onlyProblem(request))
                .isEqualTo("request has 2 inputs but 1 entry in raw_input_contents; raw_input_contents needs "
                        + "exactly one entry per input, in the same order");
    }

    @Test
    void rawLengthNotAMultipleOfTheElementSizeIsReported() {
        ModelInferRequest request = request(input("x", "FP32", 3)).toBuilder()
                .addRawInputContents(hex("00000000000000000000")).build();

        assertThat(onlyProblem(request))
                .isEqualTo("input 'x' has 10 bytes of raw FP32 data, which is not a multiple of the 4-byte "
                        + "element size");
    }

    @Test
    void rawLengthDifferentFromTheShapeGivesBothSizes() {
        ModelInferRequest request = request(input("x", "FP32", 1, 4)).toBuilder()
                .addRawInputContents(hex("000000000000000000000000")).build();

        assertThat(onlyProblem(request))
                .isEqualTo("input 'x' has 12 bytes of raw FP32 data but shape [1,4] needs 16 bytes "
                        + "(4 elements x 4 bytes)");
    }

    @Test
    void rawBytesLengthPrefixRunningPastTheEndIsReported() {
        ModelInferRequest request = request(input("s", "BYTES", 2)).toBuilder()
                .addRawInputContents(hex("0100000061" + "64000000616263")).build();

        assertThat(onlyProblem(request))
                .isEqualTo("input 's' has malformed raw BYTES data: element 1 at byte offset 5 declares a length "
                        + "of 100 bytes but only 3 bytes follow; each BYTES element is a 4-byte little-endian "
                        + "length followed by that many bytes");
    }

    @Test
    void rawBytesEndingInsideALengthPrefixIsReported() {
        ModelInferRequest request = request(input("s", "BYTES", 2)).toBuilder()
                .addRawInputContents(hex("01000000610200")).build();

        assertThat(onlyProblem(request))
                .isEqualTo("input 's' has malformed raw BYTES data: element 1 at byte offset 5 needs a 4-byte "
                        + "little-endian length but only 2 bytes remain");
    }

    @Test
    void rawBytesElementCountIsCheckedAgainstTheShape() {
        ModelInferRequest request = request(input("s", "BYTES", 3)).toBuilder()
                .addRawInputContents(hex("0100000061")).build();

        assertThat(onlyProblem(request))
                .isEqualTo("input 's' has shape [3], which needs 3 elements, but its data has 1 element");
    }

    @Test
    void duplicateTensorNamesAreReportedWithBothPositions() {
        assertThat(onlyProblem(request(input("x", "FP32", 1).setContents(fp32(1)),
                input("x", "FP32", 1).setContents(fp32(2)))))
                .isEqualTo("inputs #0 and #1 are both named 'x'; tensor names must be unique");
    }

    @Test
    void tensorWithoutNameIsReportedByPosition() {
        assertThat(onlyProblem(request(input("", "FP32", 1).setContents(fp32(1)))))
                .isEqualTo("input #0 has no name; every tensor needs a name, unique among the inputs");
    }

    @Test
    void requestWithoutInputsIsReported() {
        assertThat(onlyProblem(ModelInferRequest.newBuilder().setModelName("m").build()))
                .isEqualTo("request has no inputs; send at least one tensor in inputs");
    }

    @Test
    void responseMayNameTwoOutputsAlikeAsAPipelineJoiningTwoStepsDoes() {
        ModelInferResponse.InferOutputTensor.Builder output = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName("OUTPUT").setDatatype("FP32").addShape(1).setContents(fp32(1));
        ModelInferResponse response = ModelInferResponse.newBuilder().addOutputs(output).addOutputs(output).build();

        assertThat(TensorValidation.problems(response)).isEmpty();
        assertThat(new String(V2Json.writeResponse(response))).contains("\"name\":\"OUTPUT\"", "[{\"name\":\"OUTPUT\"");
    }

    @Test
    void duplicateInputNamesAreStillReported() {
        assertThat(onlyProblem(request(input("x", "FP32", 1).setContents(fp32(1)),
                input("x", "FP32", 1).setContents(fp32(2)))))
                .isEqualTo("inputs #0 and #1 are both named 'x'; tensor names must be unique");
    }

    @Test
    void duplicateRequestedOutputsAreReported() {
        ModelInferRequest request = request(input("x", "FP32", 1).setContents(fp32(1))).toBuilder()
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("y"))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("y"))
                .build();

        assertThat(onlyProblem(request))
                .isEqualTo("requested outputs #0 and #1 are both named 'y'; tensor names must be unique");
    }

    @Test
    void narrowIntegerBeyondItsRangeInA32BitFieldIsReported() {
        InferTensorContents contents = InferTensorContents.newBuilder().addIntContents(5).addIntContents(300).build();

        assertThat(onlyProblem(request(input("x", "INT8", 2).setContents(contents))))
                .isEqualTo("input 'x' element 1 is 300, outside the INT8 range -128..127");
    }

    @Test
    void uint8ValueIsShownUnsigned() {
        InferTensorContents contents = InferTensorContents.newBuilder().addUintContents(-1).build();

        assertThat(onlyProblem(request(input("x", "UINT8", 1).setContents(contents))))
                .isEqualTo("input 'x' element 0 is 4294967295, outside the UINT8 range 0..255");
    }

    @Test
    void responseProblemsNameOutputsAndRawOutputContents() {
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("y").setDatatype("FP32")
                        .addShape(2))
                .addRawOutputContents(hex("0000803f"))
                .build();

        assertThat(TensorValidation.problems(response)).extracting(V2Problem::message)
                .containsExactly("output 'y' has 4 bytes of raw FP32 data but shape [2] needs 8 bytes "
                        + "(2 elements x 4 bytes)");
    }

    @Test
    void everyProblemIsReportedAndTheExceptionJoinsThem() {
        ModelInferRequest request = request(
                input("a", "FP32", 2).setContents(fp32(1)),
                input("", "INT32", 1),
                input("c", "STRING", 1));

        assertThat(TensorValidation.problems(request)).hasSize(4);
        assertThatThrownBy(() -> TensorValidation.requireValid(request))
                .isInstanceOf(V2ValidationException.class)
                .hasMessage("4 problems: input #1 has no name; every tensor needs a name, unique among the inputs; "
                        + "input 'a' has shape [2], which needs 2 elements, but its data has 1 element; "
                        + "input #1 has no data; shape [1] needs 1 element; "
                        + "input 'c' has unknown datatype 'STRING'; valid datatypes are " + Datatype.validNames());
    }
}
