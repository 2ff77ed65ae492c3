package io.seldonmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ErrorRecordTest {

    private static final String TOPIC = "seldon.default.errors.errors";

    private final ErrorRecord error = new ErrorRecord("iris", "r1", "400",
            "input 'predict' has 3 values but shape [1,4] needs 4",
            "send a tensor whose data length is the product of its shape");

    @Test
    void valueIsReadableTextNamingModelRequestStatusAndWhatToDo() {
        assertThat(error.text()).isEqualTo("""
                model 'iris' failed for request 'r1' (400): input 'predict' has 3 values but shape [1,4] needs 4
                model: iris
                request-id: r1
                status: 400
                message: input 'predict' has 3 values but shape [1,4] needs 4
                what-to-do: send a tensor whose data length is the product of its shape
                """);
    }

    @Test
    void recordKeepsKeyAndRequestHeadersAndNamesTheModel() {
        byte[] key = new RequestKey(2, "join", "r1").toBytes();
        Headers request = new RecordHeaders()
                .add("x-request-id", utf8("r1"))
                .add("pipeline", utf8("join"))
                .add("seldon-infer-type", utf8("json/inferModelRequest"))
                .add("traceparent", utf8("00-abc"));
        ProducerRecord<byte[], byte[]> record = error.toRecord(TOPIC, 2, key, request);

        assertThat(record.topic()).isEqualTo(TOPIC);
        assertThat(record.partition()).isEqualTo(2);
        assertThat(record.key()).isEqualTo(key);
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(error.text());
        assertThat(SeldonHeaders.lastValue(record.headers(), "seldon-pipeline-errors")).contains("iris");
        assertThat(SeldonHeaders.lastValue(record.headers(), "pipeline")).contains("join");
        assertThat(SeldonHeaders.lastValue(record.headers(), "traceparent")).contains("00-abc");
        assertThat(record.headers().headers("x-request-id")).hasSize(1);
        assertThat(record.headers().lastHeader("seldon-infer-type")).isNull();
    }

    @Test
    void requestIdHeaderIsAddedWhenTheRequestHadNone() {
        ProducerRecord<byte[], byte[]> record = error.toRecord(TOPIC, null, null, new RecordHeaders());
        assertThat(SeldonHeaders.requestId(record.headers())).contains("r1");
        assertThat(record.partition()).isNull();
    }

    @Test
    void parsesBackWhatItWrote() {
        ProducerRecord<byte[], byte[]> written = error.toRecord(TOPIC, 0, utf8("0.join.r1"), new RecordHeaders());
        assertThat(ErrorRecord.parse(consumed(written))).isEqualTo(error);
    }

    @Test
    void parsesSeldonsBareErrorTextUsingHeadersAndKey() {
        Headers headers = new RecordHeaders().add("seldon-pipeline-errors", utf8("tfsimple1"));
        ErrorRecord parsed = ErrorRecord.parse(utf8("1.tfsimple.abc"), headers,
                utf8("rpc error: code = InvalidArgument desc = unexpected shape"));
        assertThat(parsed).isEqualTo(new ErrorRecord("tfsimple1", "abc", null,
                "rpc error: code = InvalidArgument desc = unexpected shape", null));
    }

    @Test
    void recordNamingNoModelIsRejected() {
        assertThatThrownBy(() -> ErrorRecord.parse(null, new RecordHeaders(), utf8("boom")))
                .hasMessageContaining("names no model")
                .hasMessageContaining("text was: boom");
    }

    @Test
    void multiLineAndHugeMessagesStayOneBoundedLine() {
        ErrorRecord html = new ErrorRecord("iris", null, "502", "<html>\n<body>" + "x".repeat(20_000), null);
        assertThat(html.message()).hasSizeLessThan(ErrorRecord.MAX_MESSAGE_CHARS + 40)
                .endsWith("more characters)");
        assertThat(html.text().lines()).hasSize(4);
        assertThat(html.text()).startsWith("model 'iris' failed (502): <html> <body>xxx");
    }

    private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> record) {
        return new ConsumerRecord<>(record.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0, record.key(),
                record.value(), record.headers(), java.util.Optional.empty());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
