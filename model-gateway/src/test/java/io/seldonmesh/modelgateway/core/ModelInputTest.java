package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ModelInputTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Headers headers(String... keyValues) {
        Headers headers = new RecordHeaders();
        for (int i = 0; i < keyValues.length; i += 2) {
            headers.add(keyValues[i], utf8(keyValues[i + 1]));
        }
        return headers;
    }

    @Test
    void protobufRequestIsAddressedToTheTopicsModelWithoutAVersion() {
        byte[] value = Requests.fp32("abc", 1, 2).toBuilder().setModelName("other").setModelVersion("7").build()
                .toByteArray();

        ModelInput input = ModelInput.decode("iris", utf8("0.iris.abc"), headers(), value);

        assertThat(input.request().getModelName()).isEqualTo("iris");
        assertThat(input.request().getModelVersion()).isEmpty();
        assertThat(input.request().getInputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f);
        assertThat(input.json()).isFalse();
        assertThat(input.requestId()).isEqualTo("abc");
    }

    @Test
    void jsonRequestIsReadWhenTheHeaderSaysSo() {
        ModelInput input = ModelInput.decode("iris", null, headers("seldon-infer-type", "json/inferModelRequest"),
                utf8(Requests.fp32Json("j1", 3, 4)));

        assertThat(input.json()).isTrue();
        assertThat(input.request().getInputs(0).getContents().getFp32ContentsList()).containsExactly(3f, 4f);
        assertThat(input.requestId()).isEqualTo("j1");
    }

    @Test
    void previousStepsResponseIsTakenAsARequest() {
        ModelInferResponse response = ModelInferResponse.newBuilder().setModelName("step1")
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("out").setDatatype("INT64")
                        .addShape(2).setContents(InferTensorContents.newBuilder().addInt64Contents(5).addInt64Contents(6)))
                .build();

        ModelInput proto = ModelInput.decode("step2", null, headers("seldon-infer-type", "proto/InferModelResponse"),
                response.toByteArray());
        ModelInput json = ModelInput.decode("step2", null, headers("seldon-infer-type", "json/inferModelRequest"),
                utf8("{\"model_name\":\"step1\",\"outputs\":[{\"name\":\"out\",\"shape\":[2],\"datatype\":\"INT64\","
                        + "\"data\":[5,6]}]}"));

        assertThat(proto.request().getInputs(0).getName()).isEqualTo("out");
        assertThat(proto.request().getInputs(0).getContents().getInt64ContentsList()).containsExactly(5L, 6L);
        assertThat(json.request().getInputs(0).getContents().getInt64ContentsList()).containsExactly(5L, 6L);
    }

    @Test
    void jsonWithoutTheInferTypeHeaderIsReadAsAJsonRequestAsSeldonsGatewayDoes() {
        ModelInput input = ModelInput.decode("iris", null, headers(), utf8("  {\"inputs\":[{\"name\":\"x\","
                + "\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[1.5,2.5]}]}"));

        assertThat(input.json()).as("answered as JSON, as it came").isTrue();
        assertThat(input.request().getModelName()).isEqualTo("iris");
        assertThat(input.request().getInputs(0).getContents().getFp32ContentsList()).containsExactly(1.5f, 2.5f);
    }

    @Test
    void headerlessJsonThatIsNoV2RequestIsRejectedAsJsonNotAsProtobuf() {
        assertThatThrownBy(() -> ModelInput.decode("iris", null, headers(), utf8("{\"instances\":[[1,2]]}")))
                .isInstanceOf(V2ValidationException.class)
                .hasMessageNotContaining("protobuf");
    }

    @Test
    void garbageBytesAreRejectedSayingWhatToSend() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x01, 0x02, 0x03};

        assertThatThrownBy(() -> ModelInput.decode("iris", null, headers(), garbage))
                .isInstanceOf(V2ValidationException.class)
                .hasMessageStartingWith("record value (5 bytes) is not a V2 ModelInferRequest protobuf")
                .hasMessageContaining("seldon-infer-type: json/inferModelRequest");
    }

    @Test
    void textThatHappensToParseAsProtobufIsStillRejected() {
        assertThatThrownBy(() -> ModelInput.decode("iris", null, headers(), utf8("hello")))
                .isInstanceOf(V2ValidationException.class)
                .hasMessageContaining("is not a V2 ModelInferRequest protobuf");
    }

    @Test
    void tensorWhoseDataDoesNotFitItsShapeIsRejectedNamingIt() {
        ModelInferRequest wrong = Requests.fp32("abc", 1, 2).toBuilder()
                .setInputs(0, Requests.fp32("abc", 1, 2).getInputs(0).toBuilder().clearShape().addShape(3)).build();

        assertThatThrownBy(() -> ModelInput.decode("iris", null, headers(), wrong.toByteArray()))
                .isInstanceOf(V2ValidationException.class)
                .hasMessageContaining("input 'input'");
    }

    @Test
    void invalidJsonIsRejected() {
        assertThatThrownBy(() -> ModelInput.decode("iris", null, headers("seldon-infer-type", "json/inferModelRequest"),
                utf8("{\"inputs\": [")))
                .isInstanceOf(V2ValidationException.class);
    }

    @Test
    void jsonRecordWithRaggedDataIsRejectedNamingTheRow() {
        assertThatThrownBy(() -> decodeJsonInput("FP32", "[2,2]", "[[1,2,3],[4]]"))
                .isInstanceOf(V2ValidationException.class)
                .hasMessage("input 'input' data[0] has 3 elements where shape [2,2] needs 2; nested data must follow "
                        + "the shape at every depth (or send it flat, row-major)");
    }

    @Test
    void jsonRecordWithANumberBeyondItsDatatypeIsRejectedNamingIt() {
        assertThatThrownBy(() -> decodeJsonInput("FP64", "[2]", "[1e309,Infinity]"))
                .isInstanceOf(V2ValidationException.class)
                .hasMessage("input 'input' element 0 is 1E+309, outside the FP64 range "
                        + "-1.7976931348623157E308..1.7976931348623157E308 (2 elements in all are wrong)");
    }

    private static ModelInput decodeJsonInput(String datatype, String shape, String data) {
        return ModelInput.decode("iris", null, headers("seldon-infer-type", "json/inferModelRequest"),
                utf8("{\"inputs\":[{\"name\":\"input\",\"shape\":" + shape + ",\"datatype\":\"" + datatype
                        + "\",\"data\":" + data + "}]}"));
    }

    @Test
    void unknownPayloadTypeIsRejectedListingTheKnownOnes() {
        assertThatThrownBy(() -> ModelInput.decode("iris", null, headers("seldon-infer-type", "xml"), utf8("<a/>")))
                .isInstanceOf(V2ValidationException.class)
                .hasMessageContaining("json/inferModelRequest");
    }

    @Test
    void tombstoneIsRejected() {
        assertThatThrownBy(() -> ModelInput.decode("iris", null, headers(), null))
                .hasMessageStartingWith("record has no value");
    }

    @Test
    void requestIdComesFromTheHeaderThenTheSeldonKeyThenThePayload() {
        byte[] value = Requests.fp32("from-payload", 1).toByteArray();

        assertThat(ModelInput.decode("iris", utf8("1.iris.from-key"), headers("x-request-id", "from-header"), value)
                .requestId()).isEqualTo("from-header");
        assertThat(ModelInput.decode("iris", utf8("1.iris.from-key"), headers(), value).requestId())
                .isEqualTo("from-key");
        assertThat(ModelInput.decode("iris", utf8("any key"), headers(), value).requestId()).isEqualTo("from-payload");
        assertThat(ModelInput.requestId(null, headers())).isNull();
    }
}
