package io.seldonmesh.common.kafka;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;

/** Values of the {@value SeldonHeaders#INFER_TYPE} header: how a record's value is encoded. */
public enum InferType {
    JSON_REQUEST("json/inferModelRequest"),
    JSON_RESPONSE("json/inferModelResponse"),
    PROTO_REQUEST("proto/InferModelRequest"),
    PROTO_RESPONSE("proto/InferModelResponse");

    private final String headerValue;

    InferType(String headerValue) {
        this.headerValue = headerValue;
    }

    public String headerValue() {
        return headerValue;
    }

    public boolean isJson() {
        return this == JSON_REQUEST || this == JSON_RESPONSE;
    }

    /** The response type that mirrors this request type (a JSON request gets a JSON response). */
    public InferType response() {
        return isJson() ? JSON_RESPONSE : PROTO_RESPONSE;
    }

    /**
     * @throws IllegalArgumentException for a value Seldon does not define, listing the ones it does
     */
    public static InferType fromHeaderValue(String value) {
        for (InferType type : values()) {
            if (type.headerValue.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("header " + SeldonHeaders.INFER_TYPE + "='" + value + "' is not a known"
                + " payload type; use one of " + Arrays.stream(values()).map(InferType::headerValue)
                        .collect(Collectors.joining(", ")) + " or leave it out for protobuf");
    }

    /** The type a record declares, empty when it has no such header. */
    public static Optional<InferType> of(Headers headers) {
        return SeldonHeaders.lastValue(headers, SeldonHeaders.INFER_TYPE).map(InferType::fromHeaderValue);
    }
}
