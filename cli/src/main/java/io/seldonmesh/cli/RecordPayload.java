package io.seldonmesh.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * A topic record's value as a person reads it: V2 JSON for the protobuf requests on {@code .inputs} topics and
 * responses on {@code .outputs} topics, the text itself for JSON-encoded records and error records.
 */
final class RecordPayload {

    private RecordPayload() {
    }

    static String readable(String topic, Headers headers, byte[] value) {
        if (value == null) {
            return "(no value)";
        }
        Optional<InferType> type;
        try {
            type = InferType.of(headers);
        } catch (IllegalArgumentException unknown) {
            type = Optional.empty();
        }
        boolean v2 = topic.endsWith(".inputs") || topic.endsWith(".outputs");
        if (!v2 || type.map(InferType::isJson).orElse(false)) {
            return new String(value, StandardCharsets.UTF_8);
        }
        try {
            byte[] json = topic.endsWith(".inputs") ? V2Json.writeRequest(ModelInferRequest.parseFrom(value))
                    : V2Json.writeResponse(ModelInferResponse.parseFrom(value));
            return new String(json, StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException | V2ValidationException e) {
            return value.length + " bytes, not a V2 protobuf message (" + e.getMessage() + ")";
        }
    }
}
