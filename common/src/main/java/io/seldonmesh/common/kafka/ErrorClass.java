package io.seldonmesh.common.kafka;

import io.grpc.Status;
import java.util.Locale;
import java.util.Map;

/**
 * What kind of failure an error record reports, read from its {@code status} field, and the HTTP and gRPC status a
 * caller of the ingress gets for it: the one table from the errors topic to status codes.
 *
 * <p>The point of the classes is who has to act: a server-side failure ({@link #UNREACHABLE}, {@link #NOT_LOADED},
 * {@link #TIMEOUT}, {@link #OVERLOADED}) must never reach a caller or a load balancer as "fix your request" (4xx other
 * than 429), while a request the model refused ({@link #INVALID_INPUT}) must. Where the model server gave a status of
 * its own (an HTTP number or a gRPC code name) that status is kept, with its twin in the other protocol; a record
 * without a status (Seldon Core 2 writes bare text) is a {@link #MODEL_ERROR} with 400, as Seldon answers.
 */
public enum ErrorClass {

    /** No connection to the model server: it is down or restarting. */
    UNREACHABLE(502, Status.Code.UNAVAILABLE),
    /** The model is not loaded where the request went (unloaded, server restarted empty, no Available replica). */
    NOT_LOADED(503, Status.Code.UNAVAILABLE),
    /** The model server did not answer in time. */
    TIMEOUT(504, Status.Code.DEADLINE_EXCEEDED),
    /** The model server asked for less traffic. */
    OVERLOADED(429, Status.Code.RESOURCE_EXHAUSTED),
    /** The request cannot be served as it is: sending it again will not help. */
    INVALID_INPUT(400, Status.Code.INVALID_ARGUMENT),
    /** The model or a pipeline failed on this request; the model server's own status when it gave one. */
    MODEL_ERROR(400, Status.Code.INVALID_ARGUMENT),
    /** The request or its answer is larger than a Kafka record may be. */
    TOO_LARGE(413, Status.Code.RESOURCE_EXHAUSTED);

    /** Statuses that are names of ours or of gRPC, each with its class. */
    private static final Map<String, ErrorClass> NAMED = Map.ofEntries(
            Map.entry("UNREACHABLE", UNREACHABLE),
            Map.entry("NOT_SERVED", NOT_LOADED),
            Map.entry("NOT_FOUND", NOT_LOADED),
            Map.entry("TIMEOUT", TIMEOUT),
            Map.entry("DEADLINE_EXCEEDED", TIMEOUT),
            Map.entry("RESOURCE_EXHAUSTED", OVERLOADED),
            Map.entry("INVALID_INPUT", INVALID_INPUT),
            Map.entry("INVALID_ARGUMENT", INVALID_INPUT),
            Map.entry("FAILED_PRECONDITION", INVALID_INPUT),
            Map.entry("OUT_OF_RANGE", INVALID_INPUT),
            Map.entry("MESSAGE_TOO_LARGE", TOO_LARGE));

    /** gRPC codes as HTTP statuses, after the gRPC-HTTP mapping (grpc/doc/http-grpc-status-mapping.md, reversed). */
    private static final Map<Status.Code, Integer> HTTP_OF_GRPC = Map.ofEntries(
            Map.entry(Status.Code.INVALID_ARGUMENT, 400),
            Map.entry(Status.Code.FAILED_PRECONDITION, 400),
            Map.entry(Status.Code.OUT_OF_RANGE, 400),
            Map.entry(Status.Code.UNAUTHENTICATED, 401),
            Map.entry(Status.Code.PERMISSION_DENIED, 403),
            Map.entry(Status.Code.NOT_FOUND, 404),
            Map.entry(Status.Code.ALREADY_EXISTS, 409),
            Map.entry(Status.Code.ABORTED, 409),
            Map.entry(Status.Code.RESOURCE_EXHAUSTED, 429),
            Map.entry(Status.Code.CANCELLED, 499),
            Map.entry(Status.Code.UNIMPLEMENTED, 501),
            Map.entry(Status.Code.UNAVAILABLE, 503),
            Map.entry(Status.Code.DEADLINE_EXCEEDED, 504));

    private final int httpStatus;
    private final Status.Code grpcCode;

    ErrorClass(int httpStatus, Status.Code grpcCode) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    /** The HTTP status for this class when the model server gave none of its own. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The gRPC code for this class when the model server gave none of its own. */
    public Status.Code grpcCode() {
        return grpcCode;
    }

    /** The class of an error record's {@code status} field (null or unknown: {@link #MODEL_ERROR}). */
    public static ErrorClass of(String status) {
        if (status == null || status.isBlank()) {
            return MODEL_ERROR;
        }
        String name = status.strip().toUpperCase(Locale.ROOT);
        ErrorClass named = NAMED.get(name);
        if (named != null) {
            return named;
        }
        Integer http = httpNumber(name);
        if (http == null) {
            return MODEL_ERROR;
        }
        return switch (http) {
            case 404 -> NOT_LOADED;
            case 408 -> TIMEOUT;
            case 413 -> TOO_LARGE;
            case 429 -> OVERLOADED;
            default -> http >= 400 && http < 500 ? INVALID_INPUT : MODEL_ERROR;
        };
    }

    /**
     * What a caller gets for an error record with this {@code status}: the class's statuses, or the model server's
     * own where it gave one that says more than the class (a 500 stays 500, {@code INTERNAL} stays {@code INTERNAL}).
     */
    public static Answer answer(String status) {
        ErrorClass errorClass = of(status);
        if (errorClass != MODEL_ERROR && errorClass != INVALID_INPUT) {
            return new Answer(errorClass, errorClass.httpStatus, errorClass.grpcCode);
        }
        String name = status == null ? "" : status.strip().toUpperCase(Locale.ROOT);
        Integer http = httpNumber(name);
        if (http != null && http >= 400 && http < 600) {
            return new Answer(errorClass, http, grpcOfHttp(http));
        }
        Status.Code grpc = grpcCode(name);
        if (grpc != null && grpc != Status.Code.OK) {
            return new Answer(errorClass, HTTP_OF_GRPC.getOrDefault(grpc, 500), grpc);
        }
        if (name.equals("BAD_RESPONSE")) {
            return new Answer(errorClass, 502, Status.Code.INTERNAL);
        }
        return new Answer(errorClass, errorClass.httpStatus, errorClass.grpcCode);
    }

    /**
     * The outcome for a caller.
     *
     * @param errorClass what kind of failure it was
     * @param httpStatus the status for a REST caller
     * @param grpcCode   the code for a gRPC caller
     */
    public record Answer(ErrorClass errorClass, int httpStatus, Status.Code grpcCode) {
    }

    /** HTTP statuses as gRPC codes, after the gRPC-HTTP mapping. */
    private static Status.Code grpcOfHttp(int http) {
        return switch (http) {
            case 400 -> Status.Code.INVALID_ARGUMENT;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.NOT_FOUND;
            case 409 -> Status.Code.ABORTED;
            case 429 -> Status.Code.RESOURCE_EXHAUSTED;
            case 501 -> Status.Code.UNIMPLEMENTED;
            case 502, 503 -> Status.Code.UNAVAILABLE;
            case 504 -> Status.Code.DEADLINE_EXCEEDED;
            default -> http < 500 ? Status.Code.INVALID_ARGUMENT : Status.Code.INTERNAL;
        };
    }

    private static Integer httpNumber(String status) {
        if (status.length() != 3 || !status.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(status);
    }

    private static Status.Code grpcCode(String name) {
        try {
            return Status.Code.valueOf(name);
        } catch (IllegalArgumentException notACode) {
            return null;
        }
    }
}
