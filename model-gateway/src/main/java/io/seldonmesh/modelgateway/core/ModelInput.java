package io.seldonmesh.modelgateway.core;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.kafka.RequestKey;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.v2.TensorValidation;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.V2Problem;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * A record of a model's input topic, read as an inference request for that model.
 *
 * <p>The value is a V2 {@code ModelInferRequest} protobuf unless the {@code seldon-infer-type} header says JSON.
 * Without the header, a value that is a JSON object is read as a JSON request, as Seldon Core 2's model gateway
 * falls back to REST for a record without the header (clients such as kcat or a script write JSON and no headers);
 * the answer then goes back as JSON. A protobuf request never starts with '{': that byte would be field 15, group
 * wire type, which ModelInferRequest does not have. As
 * in Seldon Core 2, a response arriving on an input topic (a previous step's output) is taken as a request whose
 * inputs are its outputs ({@code proto/InferModelResponse}, or JSON with {@code outputs} and no {@code inputs}).
 * The request is validated here, so a malformed tensor gets an error record that names it instead of an opaque
 * error from the model server. The model name is set to the topic's model and any version is cleared: the gateway
 * calls the version the model's status says is loaded.
 *
 * @param json      the request came as JSON, so the output goes back as JSON
 * @param requestId the request id for logs and error records; may be null
 */
public record ModelInput(String model, ModelInferRequest request, boolean json, String requestId) {

    private static final String PROTOBUF_HINT = "send a V2 ModelInferRequest protobuf (Open Inference Protocol"
            + " grpc_service.proto), or V2 JSON with header " + SeldonHeaders.INFER_TYPE + ": "
            + InferType.JSON_REQUEST.headerValue();

    /**
     * @throws V2ValidationException listing what is wrong with the record, for an error record
     */
    public static ModelInput decode(String model, byte[] key, Headers headers, byte[] value) {
        if (value == null) {
            throw new V2ValidationException(new V2Problem("record has no value (a tombstone?): " + PROTOBUF_HINT));
        }
        InferType type = inferType(headers).orElse(isJsonObject(value) ? InferType.JSON_REQUEST : InferType.PROTO_REQUEST);
        ModelInferRequest request = switch (type) {
            case JSON_REQUEST, JSON_RESPONSE -> V2Json.parseRequestOrChainedResponse(value);
            case PROTO_REQUEST -> parseRequest(value);
            case PROTO_RESPONSE -> Tensors.responseAsRequest(parseResponse(value));
        };
        if (!type.isJson()) {
            // JSON parsing validates already; protobuf parsing only checks the wire format.
            TensorValidation.requireValid(request);
        }
        ModelInferRequest forModel = request.toBuilder().setModelName(model).clearModelVersion().build();
        String requestId = requestId(key, headers);
        if (requestId == null && !forModel.getId().isEmpty()) {
            requestId = forModel.getId();
        }
        return new ModelInput(model, forModel, type.isJson(), requestId);
    }

    /**
     * The request id a record carries outside its value: the {@code x-request-id} header, else the id part of a
     * Seldon request key ({@code <partition>.<resource>.<id>}); null when neither is there.
     */
    public static String requestId(byte[] key, Headers headers) {
        return SeldonHeaders.requestId(headers)
                .or(() -> mayBeRequestKey(key) ? RequestKey.tryParse(key).map(RequestKey::requestId) : Optional.empty())
                .orElse(null);
    }

    /** Keys of other shapes are common (any key is legal on Kafka); parsing them would throw for every record. */
    private static boolean mayBeRequestKey(byte[] key) {
        return key != null && key.length > 4 && key[0] >= '0' && key[0] <= '9';
    }

    private static boolean isJsonObject(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    private static Optional<InferType> inferType(Headers headers) {
        try {
            return InferType.of(headers);
        } catch (IllegalArgumentException unknown) {
            throw new V2ValidationException(new V2Problem(unknown.getMessage()));
        }
    }

    private static ModelInferRequest parseRequest(byte[] value) {
        ModelInferRequest request;
        try {
            request = ModelInferRequest.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw notProtobuf("ModelInferRequest", value, e.getMessage());
        }
        if (request.getInputsCount() == 0 && !request.getUnknownFields().asMap().isEmpty()) {
            // Bytes that happen to be valid protobuf wire format, but none of a request's fields.
            throw notProtobuf("ModelInferRequest", value, "it holds no field of one");
        }
        return request;
    }

    private static ModelInferResponse parseResponse(byte[] value) {
        try {
            return ModelInferResponse.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw notProtobuf("ModelInferResponse", value, e.getMessage());
        }
    }

    private static V2ValidationException notProtobuf(String message, byte[] value, String why) {
        return new V2ValidationException(new V2Problem("record value (" + value.length + " bytes) is not a V2 "
                + message + " protobuf (" + why + "); " + PROTOBUF_HINT));
    }
}
