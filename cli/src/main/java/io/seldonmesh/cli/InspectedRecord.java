package io.seldonmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import io.seldonmesh.common.kafka.RequestKey;
import io.seldonmesh.common.kafka.SeldonHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** One record of a step's topic as {@code pipeline inspect} shows it: where, key, headers, a readable payload. */
record InspectedRecord(int partition, long offset, Instant timestamp, String key, Map<String, String> headers,
                       String payload) {

    static InspectedRecord of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            String value = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
            headers.merge(header.key(), value, (first, next) -> first + ", " + next);
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new InspectedRecord(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), key,
                headers, RecordPayload.readable(record.topic(), record.headers(), record.value()));
    }

    /** The request's id is the last part of its key ({@code <partition>.<resource>.<id>}) and its x-request-id. */
    boolean belongsTo(String requestId) {
        if (requestId.equals(headers.get(SeldonHeaders.REQUEST_ID)) || requestId.equals(key)) {
            return true;
        }
        try {
            return key != null && RequestKey.parse(key).requestId().equals(requestId);
        } catch (IllegalArgumentException notARequestKey) {
            return false;
        }
    }

    List<String> humanLines(int payloadLength) {
        return List.of(
                "partition " + partition + " offset " + offset + " at " + timestamp + " key " + key,
                "  headers: " + headers,
                "  payload: " + Shortened.text(payload, payloadLength));
    }

    ObjectNode toJson() {
        ObjectNode json = Json.json().createObjectNode();
        json.put("partition", partition).put("offset", offset).put("timestamp", timestamp.toString()).put("key", key);
        headers.forEach(json.putObject("headers")::put);
        json.put("payload", payload);
        return json;
    }
}
