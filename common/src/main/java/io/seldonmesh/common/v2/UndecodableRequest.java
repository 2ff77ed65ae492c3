package io.seldonmesh.common.v2;

/**
 * A gRPC request message that is not the method's request type: random bytes, a truncated message, another
 * message whose wire format does not parse, a string that is not UTF-8.
 *
 * @param method      the bare method name, {@code ModelInfer}
 * @param messageType the protobuf type the method takes, {@code inference.ModelInferRequest}
 * @param reason      protobuf's reason
 * @param bytes       the message's size, or -1 when the transport did not say
 */
public record UndecodableRequest(String method, String messageType, String reason, int bytes) {

    /** The status description the caller gets with INVALID_ARGUMENT. */
    public String description() {
        return method + " request could not be decoded as " + messageType + ": " + reason
                + (bytes < 0 ? "" : " (" + bytes + " bytes)");
    }
}
