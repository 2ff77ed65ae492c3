package io.seldonmesh.modelgateway.core;

import java.util.Objects;

/**
 * Why a call to the model server produced no response, in the terms the retry decision needs. The transports
 * (REST, gRPC) only report what they saw; how an HTTP status or a gRPC code is classified is decided here, once.
 *
 * @param kind    what sort of failure it was
 * @param status  the status as the transport named it ({@code 503}, {@code UNAVAILABLE}, {@code TIMEOUT}, ...)
 * @param message what the model server or the network said, for the error record
 */
public record CallFailure(Kind kind, String status, String message) implements CallResult {

    public enum Kind {
        /** No connection: refused, reset, unknown host. The server may be restarting. */
        UNREACHABLE,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The server failed (5xx, gRPC INTERNAL/UNAVAILABLE/...): it may work next time. */
        SERVER_ERROR,
        /** The server asks us to slow down (429, gRPC RESOURCE_EXHAUSTED). */
        OVERLOADED,
        /** The server has no such model loaded (404, gRPC NOT_FOUND). */
        MODEL_NOT_FOUND,
        /** The server refused this request (other 4xx, gRPC INVALID_ARGUMENT...): sending it again will not help. */
        REJECTED,
        /** The server answered success with a body that is not a V2 response. */
        BAD_RESPONSE
    }

    public CallFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        message = message == null || message.isBlank() ? "(no message)" : message;
    }

    /** An HTTP error status with the server's error text. */
    public static CallFailure http(int status, String message) {
        Kind kind;
        if (status == 404) {
            kind = Kind.MODEL_NOT_FOUND;
        } else if (status == 408) {
            kind = Kind.TIMEOUT;
        } else if (status == 429) {
            kind = Kind.OVERLOADED;
        } else if (status >= 500) {
            kind = Kind.SERVER_ERROR;
        } else {
            kind = Kind.REJECTED;
        }
        return new CallFailure(kind, Integer.toString(status), message);
    }

    /** A gRPC status code name ({@code io.grpc.Status.Code#name()}) with the server's description. */
    public static CallFailure grpc(String code, String message) {
        Kind kind = switch (code) {
            case "UNAVAILABLE", "INTERNAL", "UNKNOWN", "ABORTED", "DATA_LOSS" -> Kind.SERVER_ERROR;
            case "DEADLINE_EXCEEDED" -> Kind.TIMEOUT;
            case "RESOURCE_EXHAUSTED" -> Kind.OVERLOADED;
            case "NOT_FOUND" -> Kind.MODEL_NOT_FOUND;
            default -> Kind.REJECTED;
        };
        return new CallFailure(kind, code, message);
    }

    public static CallFailure unreachable(String message) {
        return new CallFailure(Kind.UNREACHABLE, "UNREACHABLE", message);
    }

    public static CallFailure timeout(String message) {
        return new CallFailure(Kind.TIMEOUT, "TIMEOUT", message);
    }

    public static CallFailure badResponse(String message) {
        return new CallFailure(Kind.BAD_RESPONSE, "BAD_RESPONSE", message);
    }
}
