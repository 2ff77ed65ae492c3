package io.seldonmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class InspectedRecordTest {

    @Test
    void requestIsFoundByItsKeyOrItsHeader() {
        InspectedRecord byKey = new InspectedRecord(0, 1, Instant.EPOCH, "0.tfsimples.abc", Map.of(), "{}");
        InspectedRecord byHeader = new InspectedRecord(0, 2, Instant.EPOCH, "other", Map.of("x-request-id", "abc"), "{}");
        InspectedRecord another = new InspectedRecord(0, 3, Instant.EPOCH, "0.tfsimples.abcd", Map.of(), "{}");

        assertThat(byKey.belongsTo("abc")).isTrue();
        assertThat(byHeader.belongsTo("abc")).isTrue();
        assertThat(another.belongsTo("abc")).isFalse();
    }

    @Test
    void errorRecordPayloadIsItsText() {
        ConsumerRecord<byte[], byte[]> error = new ConsumerRecord<>("seldon.default.errors.errors", 0, 7,
                "0.p.abc".getBytes(StandardCharsets.UTF_8), "model 'a' failed: shape [1,3] expected".getBytes(StandardCharsets.UTF_8));

        InspectedRecord record = InspectedRecord.of(error);

        assertThat(record.payload()).isEqualTo("model 'a' failed: shape [1,3] expected");
        assertThat(record.humanLines(20)).last().asString().startsWith("  payload: model 'a' failed: sh")
                .contains("more characters");
    }
}
