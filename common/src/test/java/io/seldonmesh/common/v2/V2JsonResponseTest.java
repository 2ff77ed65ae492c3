package io.seldonmesh.common.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class V2JsonResponseTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode tree(byte[] json) throws Exception {
        return MAPPER.readTree(json);
    }

    private static String responseJson(Datatype datatype, String data) {
        return "{\"model_name\":\"m\",\"model_version\":\"3\",\"id\":\"r\",\"outputs\":[{\"name\":\"y\","
                + "\"shape\":[2,2],\"datatype\":\"" + datatype + "\",\"data\":" + data + "}]}";
    }

    @ParameterizedTest
    @EnumSource(Datatype.class)
    void nestedJsonOfEveryDatatypeComesBackFlatWithTheSameValues(Datatype datatype) throws Exception {
        ModelInferResponse response = V2Json.parseResponse(responseJson(datatype, Samples.nestedJson(datatype)));

        assertThat(tree(V2Json.writeResponse(response)))
                .isEqualTo(MAPPER.readTree(responseJson(datatype, Samples.flatJson(datatype))));
    }

    @ParameterizedTest
    @EnumSource(Datatype.class)
    void rawResponseOfEveryDatatypeIsWrittenAsJsonValues(Datatype datatype) throws Exception {
        ModelInferResponse raw = Tensors.toRaw(Tensors.setOutputs(
                ModelInferResponse.newBuilder().setModelName("m").setModelVersion("3").setId("r"),
                List.of(Samples.tensor("y", datatype))).build());

        assertThat(tree(V2Json.writeResponse(raw)))
                .isEqualTo(MAPPER.readTree(responseJson(datatype, Samples.flatJson(datatype))));
    }

    @Test
    void bareNonFiniteLiteralsFromAModelServerAreAcceptedAndWrittenAsStrictJson() throws Exception {
        ModelInferResponse response = V2Json.parseResponse(responseJson(Datatype.FP32, "[NaN,Infinity,-Infinity,1]"));

        float[] values = Tensors.outputs(response).get(0).floats();
        assertThat(values[0]).isNaN();
        assertThat(values[1]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(values[2]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(tree(V2Json.writeResponse(response)).at("/outputs/0/data").toString())
                .isEqualTo("[\"NaN\",\"Infinity\",\"-Infinity\",1.0]");
    }

    @Test
    void nonFiniteOutputsOfAProtobufResponseAreWrittenAsStringsAStrictParserReads() throws Exception {
        ModelInferResponse response = Tensors.setOutputs(ModelInferResponse.newBuilder().setModelName("m"),
                List.of(Tensor.ofDoubles("y", Datatype.FP64, new long[] {3},
                        new double[] {Double.NaN, Double.NEGATIVE_INFINITY, 0.5}))).build();

        assertThat(tree(V2Json.writeResponse(response)).at("/outputs/0/data").toString())
                .isEqualTo("[\"NaN\",\"-Infinity\",0.5]");
        assertThat(V2Json.parseResponse(V2Json.writeResponse(response))).isEqualTo(response);
    }

    @Test
    void raggedResponseDataIsRefusedLikeRaggedRequestData() {
        assertThatThrownBy(() -> V2Json.parseResponse(responseJson(Datatype.FP32, "[[1,2,3],[4]]")))
                .hasMessage("output 'y' data[0] has 3 elements where shape [2,2] needs 2; nested data must follow "
                        + "the shape at every depth (or send it flat, row-major)");
    }

    @Test
    void kserveExampleWithoutModelNameIsAccepted() {
        ModelInferResponse response = V2Json.parseResponse(Samples.resource("kserve-response.json"));

        assertThat(response.getId()).isEqualTo("42");
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList())
                .containsExactly(1.0f, 1.1f, 2.0f, 2.1f, 3.0f, 3.1f);
    }

    @Test
    void seldonResponseWithNullParametersIsAcceptedAndWrittenWithoutThem() throws Exception {
        ModelInferResponse response = V2Json.parseResponse(Samples.resource("chained-response.json"));

        assertThat(response.getModelName()).isEqualTo("iris_1");
        assertThat(response.getModelVersion()).isEqualTo("1");
        assertThat(tree(V2Json.writeResponse(response)).toString())
                .isEqualTo("{\"model_name\":\"iris_1\",\"model_version\":\"1\","
                        + "\"id\":\"903964e4-2419-41ce-b5d1-3ca0c8df9e0c\",\"outputs\":[{\"name\":\"predict\","
                        + "\"shape\":[1],\"datatype\":\"INT64\",\"data\":[2]}]}");
    }

    @Test
    void binaryBytesAreWrittenBase64AndMarkedAsSuch() throws Exception {
        ModelInferResponse response = Tensors.setOutputs(ModelInferResponse.newBuilder().setModelName("m"),
                List.of(Tensor.ofBytes("img", new long[] {2}, List.of(new byte[] {(byte) 0xFF, 0}, "ok".getBytes()))))
                .build();

        JsonNode output = tree(V2Json.writeResponse(response)).at("/outputs/0");

        assertThat(output.at("/parameters/content_type").textValue()).isEqualTo("base64");
        assertThat(output.get("data").toString()).isEqualTo("[\"/wA=\",\"b2s=\"]");
    }

    @Test
    void responseWithoutOutputsIsValidJson() throws Exception {
        ModelInferResponse response = V2Json.parseResponse("{\"model_name\":\"m\",\"outputs\":[]}");

        assertThat(response.getOutputsCount()).isZero();
        assertThat(tree(V2Json.writeResponse(response)).toString()).isEqualTo("{\"model_name\":\"m\",\"outputs\":[]}");
    }

    @Test
    void badOutputIsReportedAsAnOutput() {
        assertThatThrownBy(() -> V2Json.parseResponse(responseJson(Datatype.FP32, "[1,2,3,true]")))
                .isInstanceOf(V2ValidationException.class)
                .hasMessage("output 'y' element 3 is true, but FP32 data must be numbers");
    }

    @Test
    void garbageResponseIsReportedAsInvalidJson() {
        assertThatThrownBy(() -> V2Json.parseResponse("<html>502 Bad Gateway</html>"))
                .hasMessageStartingWith("response body is not valid JSON: Unexpected character ('<'");
    }
}
