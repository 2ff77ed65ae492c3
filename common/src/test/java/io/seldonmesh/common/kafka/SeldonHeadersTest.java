package io.seldonmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SeldonHeadersTest {

    @Test
    void headerNamesAreSeldons() {
        assertThat(SeldonHeaders.REQUEST_ID).isEqualTo("x-request-id");
        assertThat(SeldonHeaders.PIPELINE).isEqualTo("pipeline");
        assertThat(SeldonHeaders.PIPELINE_ERRORS).isEqualTo("seldon-pipeline-errors");
        assertThat(SeldonHeaders.INFER_TYPE).isEqualTo("seldon-infer-type");
    }

    @Test
    void copyExternalKeepsOnlyXHeadersLowerCasedAndRepeated() {
        Headers from = new RecordHeaders()
                .add("X-Request-Id", bytes("r1"))
                .add("pipeline", bytes("join"))
                .add("x-seldon-route", bytes(":a_1:"))
                .add("x-seldon-route", bytes(":b_1:"))
                .add("traceparent", bytes("00-abc"));
        Headers to = SeldonHeaders.external(from);
        List<String> copied = new ArrayList<>();
        for (Header header : to) {
            copied.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(copied).containsExactly("x-request-id=r1", "x-seldon-route=:a_1:", "x-seldon-route=:b_1:");
    }

    @Test
    void lastValueWinsAndRequestIdIgnoresEmpty() {
        Headers headers = new RecordHeaders().add("x-request-id", bytes("")).add("pipeline", bytes("a"))
                .add("pipeline", bytes("b"));
        assertThat(SeldonHeaders.lastValue(headers, "pipeline")).contains("b");
        assertThat(SeldonHeaders.requestId(headers)).isEmpty();
        SeldonHeaders.put(headers, "pipeline", "c");
        assertThat(headers.headers("pipeline")).hasSize(1);
        assertThat(SeldonHeaders.lastValue(headers, "pipeline")).contains("c");
    }

    @Test
    void inferTypeValuesMatchSeldonAndResponsesMirrorRequests() {
        assertThat(InferType.JSON_REQUEST.headerValue()).isEqualTo("json/inferModelRequest");
        assertThat(InferType.PROTO_RESPONSE.headerValue()).isEqualTo("proto/InferModelResponse");
        assertThat(InferType.JSON_REQUEST.response()).isEqualTo(InferType.JSON_RESPONSE);
        assertThat(InferType.PROTO_REQUEST.response()).isEqualTo(InferType.PROTO_RESPONSE);
        Headers headers = new RecordHeaders().add("seldon-infer-type", bytes("json/inferModelRequest"));
        assertThat(InferType.of(headers)).contains(InferType.JSON_REQUEST);
        assertThat(InferType.of(new RecordHeaders())).isEmpty();
    }

    @Test
    void unknownInferTypeIsRejectedListingKnownOnes() {
        assertThatThrownBy(() -> InferType.fromHeaderValue("json/request"))
                .hasMessage("header seldon-infer-type='json/request' is not a known payload type; use one of"
                        + " json/inferModelRequest, json/inferModelResponse, proto/InferModelRequest,"
                        + " proto/InferModelResponse or leave it out for protobuf");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
