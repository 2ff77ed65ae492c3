package io.seldonmesh.modelgateway.core;

import java.util.Objects;

/**
 * Why a request gets an error record instead of an output: the fields of the error record besides the model and
 * request id, which the caller knows.
 *
 * @param status  a short outcome code: the model server's HTTP status or gRPC code, or one of ours
 *                ({@link #INVALID_INPUT}, {@link #MESSAGE_TOO_LARGE}, {@code TIMEOUT}, {@code UNREACHABLE})
 * @param message what failed and why, with the numbers involved
 * @param action  what the reader can do about it
 */
public record Rejection(String status, String message, String action) {

    public static final String INVALID_INPUT = "INVALID_INPUT";
    public static final String MESSAGE_TOO_LARGE = "MESSAGE_TOO_LARGE";

    public Rejection {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }
}
