package io.seldonmesh.common.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seldonmesh.common.v2.proto.InferParameter;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class V2JsonRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode tree(byte[] json) throws Exception {
        return MAPPER.readTree(json);
    }

    private static JsonNode tree(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    private static String problemOf(String json) {
        try {
            V2Json.parseRequest(json);
        } catch (V2ValidationException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a V2ValidationException for " + json);
    }

    @ParameterizedTest
    @EnumSource(Datatype.class)
    void nestedJsonOfEveryDatatypeComesBackFlatWithTheSameValues(Datatype datatype) throws Exception {
        ModelInferRequest request = V2Json.parseRequest(Samples.requestJson(datatype, Samples.nestedJson(datatype)));

        assertThat(tree(V2Json.writeRequest(request)))
                .isEqualTo(tree(Samples.requestJson(datatype, Samples.flatJson(datatype))));
    }

    @ParameterizedTest
    @EnumSource(Datatype.class)
    void jsonOfEveryDatatypeBuildsTheSameTensorAsTheFactories(Datatype datatype) {
        Tensor parsed = Tensors.inputs(V2Json.parseRequest(Samples.requestJson(datatype, Samples.flatJson(datatype))))
                .get(0);

        assertThat(parsed.raw()).isEqualTo(Samples.tensor("x", datatype).raw());
    }

    @ParameterizedTest
    @EnumSource(Datatype.class)
    void protobufOfEveryDatatypeSurvivesTheTripThroughJson(Datatype datatype) {
        ModelInferRequest request = Tensors.setInputs(ModelInferRequest.newBuilder().setId("r1"),
                List.of(Samples.tensor("x", datatype))).build();

        assertThat(V2Json.parseRequest(V2Json.writeRequest(request))).isEqualTo(request);
        assertThat(V2Json.parseRequest(V2Json.writeRequest(Tensors.toRaw(request)))).isEqualTo(request);
    }

    @Test
    void fp16AndBf16ArriveAsRawTwoByteValues() {
        ModelInferRequest request = V2Json.parseRequest(Samples.requestJson(Datatype.FP16, "[1,2,0.5,-1]"));

        assertThat(request.getRawInputContentsCount()).isEqualTo(1);
        assertThat(request.getRawInputContents(0).size()).isEqualTo(8);
        assertThat(Tensors.inputs(request).get(0).floats()).containsExactly(1f, 2f, 0.5f, -1f);
    }

    @Test
    void seldonIrisExampleBecomesAnFp32Tensor() {
        ModelInferRequest request = V2Json.parseRequest(Samples.resource("iris-request.json"));

        assertThat(request.getInputs(0).getName()).isEqualTo("predict");
        assertThat(request.getInputs(0).getShapeList()).containsExactly(1L, 4L);
        assertThat(request.getInputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void tritonTfsimpleExampleHasTwoInt32Inputs() {
        List<Tensor> inputs = Tensors.inputs(V2Json.parseRequest(Samples.resource("tfsimple-request.json")));

        assertThat(inputs).extracting(Tensor::toString).containsExactly("INPUT0 INT32[1,16]", "INPUT1 INT32[1,16]");
        assertThat(inputs.get(1).ints()).startsWith(1, 2, 3).endsWith(16);
    }

    @Test
    void kserveExampleKeepsIdAndRequestedOutputs() throws Exception {
        ModelInferRequest request = V2Json.parseRequest(Samples.resource("kserve-request.json"));

        assertThat(request.getId()).isEqualTo("42");
        assertThat(request.getInputs(0).getContents().getUintContentsList()).containsExactly(1, 2, 3, 4);
        assertThat(request.getInputs(1).getContents().getBoolContentsList()).containsExactly(true);
        assertThat(request.getOutputs(0).getName()).isEqualTo("output0");
        assertThat(tree(V2Json.writeRequest(request))).isEqualTo(tree(Samples.resource("kserve-request.json")));
    }

    @Test
    void mlserverStringsAreUtf8BytesAndParametersKeepTheirTypes() {
        ModelInferRequest request = V2Json.parseRequest(Samples.resource("mlserver-string-request.json"));

        assertThat(Tensors.inputs(request).get(0).strings()).containsExactly("hello world", "héllo ✓");
        assertThat(request.getInputs(0).getParametersMap().get("content_type").getStringParam()).isEqualTo("str");
        assertThat(request.getParametersMap().get("temperature").getStringParam()).isEqualTo("0.5");
        assertThat(request.getParametersMap().get("headers").getStringParam()).isEqualTo("{\"x-team\":\"nlp\"}");
    }

    @Test
    void parametersOfEveryKindRoundTrip() throws Exception {
        String json = "{\"id\":\"r\",\"parameters\":{\"b\":true,\"n\":-7,\"s\":\"text\"},"
                + "\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"INT64\",\"parameters\":{\"k\":1},"
                + "\"data\":[5]}],\"outputs\":[{\"name\":\"y\",\"parameters\":{\"binary_data\":false}}]}";

        ModelInferRequest request = V2Json.parseRequest(json);

        assertThat(request.getParametersMap().get("b")).isEqualTo(InferParameter.newBuilder().setBoolParam(true).build());
        assertThat(request.getParametersMap().get("n").getInt64Param()).isEqualTo(-7);
        assertThat(tree(V2Json.writeRequest(request))).isEqualTo(tree(json));
    }

    @Test
    void modelNameInTheBodyIsAcceptedButNotWritten() throws Exception {
        ModelInferRequest request = V2Json.parseRequest("{\"model_name\":\"iris\",\"model_version\":\"2\","
                + "\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}");

        assertThat(request.getModelName()).isEqualTo("iris");
        assertThat(request.getModelVersion()).isEqualTo("2");
        assertThat(tree(V2Json.writeRequest(request)).has("model_name")).isFalse();
    }

    @Test
    void nonFiniteFloatsAreAcceptedAsStringsAndWrittenAsStrings() throws Exception {
        ModelInferRequest request = V2Json.parseRequest("{\"inputs\":[{\"name\":\"x\",\"shape\":[4],"
                + "\"datatype\":\"FP32\",\"data\":[\"NaN\",\"Infinity\",\"-Infinity\",\"+Infinity\"]}]}");

        float[] values = Tensors.inputs(request).get(0).floats();
        assertThat(values[0]).isNaN();
        assertThat(values[1]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(values[2]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(tree(V2Json.writeRequest(request)).at("/inputs/0/data").toString())
                .isEqualTo("[\"NaN\",\"Infinity\",\"-Infinity\",\"Infinity\"]");
    }

    @Test
    void wholeNumbersWrittenAsFloatsAreAcceptedForIntegerTensors() {
        ModelInferRequest request = V2Json.parseRequest(Samples.requestJson(Datatype.INT32, "[1.0,2,3e2,-4]"));

        assertThat(request.getInputs(0).getContents().getIntContentsList()).containsExactly(1, 2, 300, -4);
    }

    @Test
    void scalarTensorMayCarryABareValue() {
        ModelInferRequest request =
                V2Json.parseRequest("{\"inputs\":[{\"name\":\"t\",\"shape\":[],\"datatype\":\"FP64\",\"data\":0.5}]}");

        assertThat(Tensors.inputs(request).get(0).doubles()).containsExactly(0.5);
    }

    @Test
    void unknownFieldsAndNullsAreIgnored() {
        ModelInferRequest request = V2Json.parseRequest("{\"id\":null,\"parameters\":null,\"extra\":{\"a\":1},"
                + "\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"BOOL\",\"parameters\":null,"
                + "\"data\":[false],\"note\":\"hi\"}],\"outputs\":null}");

        assertThat(request.getInputs(0).getContents().getBoolContentsList()).containsExactly(false);
    }

    @Test
    void requestGivenAsAResponseBecomesARequestLikeSeldonChaining() {
        ModelInferRequest request = V2Json.parseRequestOrChainedResponse(Samples.resource("chained-response.json"));

        assertThat(request.getId()).isEqualTo("903964e4-2419-41ce-b5d1-3ca0c8df9e0c");
        assertThat(request.getInputs(0).getName()).isEqualTo("predict");
        assertThat(request.getInputs(0).getContents().getInt64ContentsList()).containsExactly(2L);
        assertThat(V2Json.parseRequestOrChainedResponse(Samples.resource("iris-request.json")))
                .isEqualTo(V2Json.parseRequest(Samples.resource("iris-request.json")));
    }

    // ---- problems

    @Test
    void garbageIsReportedAsInvalidJsonWithItsPositionAndNoJacksonInternals() {
        String message = problemOf("{\"inputs\": [oops]}");

        assertThat(message).startsWith("request body is not valid JSON: Unrecognized token 'oops'")
                .endsWith("(line 1, column 13)")
                .doesNotContain("com.fasterxml", "Exception", "[Source");
    }

    @Test
    void truncatedJsonIsReportedAsInvalid() {
        assertThat(problemOf("{\"inputs\": [")).startsWith("request body is not valid JSON: Unexpected end-of-input");
    }

    @Test
    void trailingGarbageAfterTheObjectIsReported() {
        assertThat(problemOf("{\"inputs\":[]} x")).startsWith("request body is not valid JSON");
    }

    @Test
    void emptyBodyIsReportedWithAnExample() {
        assertThat(problemOf("")).startsWith("request body is empty; expected a JSON object such as {\"inputs\":");
    }

    @Test
    void bodyThatIsNotAnObjectIsReported() {
        assertThat(problemOf("[1,2]")).startsWith("request body must be a JSON object such as {\"inputs\":")
                .endsWith(", not an array");
    }

    @Test
    void missingInputsIsReported() {
        assertThat(problemOf("{\"id\":\"1\"}")).startsWith("request has no inputs; send at least one tensor in inputs");
        assertThat(problemOf("{\"inputs\":[]}")).startsWith("request has no inputs");
    }

    @Test
    void inputsThatAreNotAnArrayAreReported() {
        assertThat(problemOf("{\"inputs\":{\"name\":\"x\"}}"))
                .isEqualTo("request field 'inputs' must be an array of tensors, not an object");
    }

    @Test
    void stringInAnFp32TensorIsReportedWithItsIndex() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP32, "[[1,2],[\"3\",4]]")))
                .isEqualTo("input 'x' element 2 (data[1][0]) is the string \"3\", but FP32 data must be numbers");
    }

    @Test
    void severalBadElementsReportTheFirstAndTheCount() {
        assertThat(problemOf(Samples.requestJson(Datatype.BOOL, "[true,1,0,null]")))
                .isEqualTo("input 'x' element 1 is the number 1, but BOOL data must be true or false "
                        + "(3 elements in all are wrong)");
    }

    @Test
    void fractionInAnIntegerTensorIsReported() {
        assertThat(problemOf(Samples.requestJson(Datatype.INT32, "[1,2,3.5,4]")))
                .isEqualTo("input 'x' element 2 is 3.5, but INT32 data must be whole numbers");
    }

    @Test
    void integerOutsideTheDatatypeRangeIsReportedWithTheRange() {
        assertThat(problemOf(Samples.requestJson(Datatype.INT8, "[1,2,3,200]")))
                .isEqualTo("input 'x' element 3 is 200, outside the INT8 range -128..127");
        assertThat(problemOf(Samples.requestJson(Datatype.UINT64, "[1,-2,3,4]")))
                .isEqualTo("input 'x' element 1 is -2, outside the UINT64 range 0..18446744073709551615");
        assertThat(problemOf(Samples.requestJson(Datatype.UINT64, "[1,2,3,18446744073709551616]")))
                .isEqualTo("input 'x' element 3 is 18446744073709551616, outside the UINT64 range "
                        + "0..18446744073709551615");
    }

    @Test
    void numberInABytesTensorIsReported() {
        assertThat(problemOf(Samples.requestJson(Datatype.BYTES, "[\"a\",\"b\",\"c\",7]")))
                .isEqualTo("input 'x' element 3 is the number 7, but BYTES data must be strings");
    }

    @Test
    void flatDataWithTheWrongCountGivesBothNumbers() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP32, "[1,2,3]")))
                .isEqualTo("input 'x' has shape [2,2], which needs 4 elements, but its data has 3 elements");
    }

    @Test
    void raggedNestedDataIsRefusedNamingTheShortRow() {
        assertThat(problemOf("{\"inputs\":[{\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"FP32\","
                + "\"data\":[[5.1,3.5,1.4],[0.2]]}]}"))
                .isEqualTo("input 'x' data[1] has 1 element where shape [2,3] needs 3; nested data must follow "
                        + "the shape at every depth (or send it flat, row-major)");
    }

    @Test
    void raggedDataIsRefusedEvenWhenItsElementCountMatchesTheShape() {
        assertThat(problemOf(Samples.requestJson(Datatype.INT32, "[[1,2,3],[4]]")))
                .isEqualTo("input 'x' data[0] has 3 elements where shape [2,2] needs 2; nested data must follow "
                        + "the shape at every depth (or send it flat, row-major)");
    }

    @Test
    void nestedDataWithTooFewRowsIsRefused() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP32, "[[1,2,3,4]]")))
                .isEqualTo("input 'x' data has 1 element where shape [2,2] needs 2; nested data must follow "
                        + "the shape at every depth (or send it flat, row-major)");
    }

    @Test
    void nestedDataDeeperThanTheShapeIsRefused() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP32, "[[1,2],[3,[4]]]")))
                .isEqualTo("input 'x' data[1][1] is an array where shape [2,2] needs a single value; nested data "
                        + "must follow the shape at every depth (or send it flat, row-major)");
        assertThat(problemOf("{\"inputs\":[{\"name\":\"x\",\"shape\":[4],\"datatype\":\"FP32\","
                + "\"data\":[[1,2,3,4]]}]}"))
                .startsWith("input 'x' data has 1 element where shape [4] needs 4;");
    }

    @Test
    void nestedDataShallowerThanTheShapeIsRefused() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP32, "[[1,2],3]")))
                .isEqualTo("input 'x' data[1] is the number 3 where shape [2,2] needs an array of 2; nested data "
                        + "must follow the shape at every depth (or send it flat, row-major)");
    }

    @Test
    void emptyRowsOfAShapeWithAZeroDimensionAreAccepted() {
        ModelInferRequest request = V2Json.parseRequest("{\"inputs\":[{\"name\":\"x\",\"shape\":[2,0],"
                + "\"datatype\":\"FP32\",\"data\":[[],[]]}]}");

        assertThat(Tensors.inputs(request).get(0).elementCount()).isZero();
    }

    @Test
    void bareNaNIsRefusedNamingTheElementAndTheStringToSendInstead() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP32, "[1,NaN,3,4]")))
                .isEqualTo("input 'x' element 1 is the bare literal NaN, which is not JSON; FP32 data takes it "
                        + "as the string \"NaN\"");
    }

    @Test
    void bareInfinityInNestedDataIsRefusedNamingItsPosition() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP64, "[[1,2],[-Infinity,Infinity]]")))
                .isEqualTo("input 'x' element 2 (data[1][0]) is the bare literal -Infinity, which is not JSON; "
                        + "FP64 data takes it as the string \"-Infinity\" (2 elements in all are wrong)");
    }

    @Test
    void numberBeyondTheFp64RangeIsRefusedInsteadOfBecomingInfinity() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP64, "[1,2,1e309,4]")))
                .isEqualTo("input 'x' element 2 is 1E+309, outside the FP64 range "
                        + "-1.7976931348623157E308..1.7976931348623157E308");
        assertThat(problemOf(Samples.requestJson(Datatype.FP64, "[[1,2],[3,-" + "9".repeat(400) + "]]")))
                .startsWith("input 'x' element 3 (data[1][1]) is -999").endsWith(", outside the FP64 range "
                        + "-1.7976931348623157E308..1.7976931348623157E308");
    }

    @Test
    void numberBeyondTheFp32RangeIsRefusedInsteadOfBecomingInfinity() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP32, "[3.5e38,2,3,-1e39]")))
                .isEqualTo("input 'x' element 0 is 3.5E38, outside the FP32 range -3.4028235E38..3.4028235E38 "
                        + "(2 elements in all are wrong)");
    }

    @Test
    void numberBeyondTheHalfPrecisionRangesIsRefused() {
        assertThat(problemOf(Samples.requestJson(Datatype.FP16, "[1,2,3,70000]")))
                .isEqualTo("input 'x' element 3 is 70000, outside the FP16 range -65504.0..65504.0");
        assertThat(problemOf(Samples.requestJson(Datatype.BF16, "[1,2,3,3.4e38]")))
                .isEqualTo("input 'x' element 3 is 3.4E38, outside the BF16 range -3.3895314E38..3.3895314E38");
    }

    @Test
    void numbersThatRoundToTheLargestValueOrToZeroAreAccepted() {
        ModelInferRequest request = V2Json.parseRequest(Samples.requestJson(Datatype.FP16, "[65519,1e-10,0,1]"));

        assertThat(Tensors.inputs(request).get(0).floats()).containsExactly(65504f, 0f, 0f, 1f);
    }

    @Test
    void numberBeyondEveryIntegerRangeIsOutOfRangeNotAFraction() {
        assertThat(problemOf(Samples.requestJson(Datatype.INT32, "[1,2,3,1e309]")))
                .isEqualTo("input 'x' element 3 is 1E+309, outside the INT32 range -2147483648..2147483647");
    }

    @Test
    void missingShapeDataAndDatatypeAreEachReported() {
        assertThat(problemOf("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"data\":[1]}]}"))
                .isEqualTo("input 'x' has no shape; send its dimensions, e.g. \"shape\": [1, 4]");
        assertThat(problemOf("{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\"}]}"))
                .isEqualTo("input 'x' has no data; shape [2] needs 2 elements");
        assertThat(problemOf("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"data\":[1]}]}"))
                .startsWith("input 'x' has no datatype; valid datatypes are BOOL,");
    }

    @Test
    void malformedShapeIsReported() {
        assertThat(problemOf("{\"inputs\":[{\"name\":\"x\",\"shape\":\"1,4\",\"datatype\":\"FP32\",\"data\":[1]}]}"))
                .isEqualTo("input 'x' field 'shape' must be an array of whole numbers, not the string \"1,4\"");
        assertThat(problemOf("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,-1],\"datatype\":\"FP32\",\"data\":[1]}]}"))
                .isEqualTo("input 'x' has shape [1,-1] with negative dimension -1 at index 1; "
                        + "dimensions must be 0 or more");
    }

    @Test
    void tensorThatIsNotAnObjectIsReported() {
        assertThat(problemOf("{\"inputs\":[[1,2,3]]}"))
                .isEqualTo("input #0 must be a JSON object with name, shape, datatype and data, not an array");
    }

    @Test
    void parametersThatAreNotAnObjectAreReported() {
        assertThat(problemOf("{\"parameters\":[1],\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\","
                + "\"data\":[1]}]}"))
                .isEqualTo("request field 'parameters' must be a JSON object, not an array");
    }

    @Test
    void problemsInSeveralTensorsAreAllReported() {
        String json = "{\"id\":5,\"inputs\":["
                + "{\"name\":\"a\",\"shape\":[2],\"datatype\":\"fp32\",\"data\":[1,2]},"
                + "{\"name\":\"b\",\"shape\":[2],\"datatype\":\"INT16\",\"data\":[1,\"x\"]},"
                + "{\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]},"
                + "{\"name\":\"b\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}],"
                + "\"outputs\":[{\"name\":\"y\"},{\"name\":\"y\"}]}";

        assertThatThrownBy(() -> V2Json.parseRequest(json))
                .isInstanceOf(V2ValidationException.class)
                .satisfies(e -> assertThat(((V2ValidationException) e).problems()).extracting(V2Problem::message)
                        .containsExactly(
                                "request field 'id' must be a string, not the number 5",
                                "input 'a' has unknown datatype 'fp32' (datatypes are upper case: did you mean FP32?)",
                                "input 'b' element 1 is the string \"x\", but INT16 data must be whole numbers",
                                "input #2 has no name; every tensor needs a name, unique among the inputs",
                                "inputs #1 and #3 are both named 'b'; tensor names must be unique",
                                "requested outputs #0 and #1 are both named 'y'; tensor names must be unique"))
                .hasMessageStartingWith("6 problems: request field 'id' must be a string");
    }

    @Test
    void writingAnInvalidRequestIsRefusedWithItsProblems() {
        ModelInferRequest invalid = ModelInferRequest.newBuilder()
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
                        .addShape(3))
                .build();

        assertThatThrownBy(() -> V2Json.writeRequest(invalid))
                .hasMessage("input 'x' has no data; shape [3] needs 3 elements");
    }

    @Test
    void requestJsonIsUtf8() {
        ModelInferRequest request = V2Json.parseRequest(Samples.requestJson(Datatype.BYTES, Samples.flatJson(Datatype.BYTES)));

        assertThat(new String(V2Json.writeRequest(request), StandardCharsets.UTF_8)).contains("héllo ✓");
    }
}
