package io.seldonmesh.pipelinegateway.core;

import io.grpc.Status;
import io.seldonmesh.common.kafka.ErrorClass;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Why an inference request got no tensors back, with a message for the caller: what failed, for which
 * request, what to do. {@link Reason} is the one table from outcome to HTTP and gRPC status.
 */
public final class InferenceFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The request itself is wrong: body, addressing, timeout value. */
        INVALID_REQUEST(400, Status.Code.INVALID_ARGUMENT),
        /** No credential, or one that did not verify (control API too). */
        UNAUTHENTICATED(401, Status.Code.UNAUTHENTICATED),
        /** The caller is known and lacks the role (control API too). */
        FORBIDDEN(403, Status.Code.PERMISSION_DENIED),
        /**
         * A model or a pipeline step answered on the errors topic; its message is passed on, with the status of the
         * record's {@link ErrorClass} (see {@link #fromErrorRecord}).
         */
        MODEL_ERROR(400, Status.Code.INVALID_ARGUMENT),
        NOT_FOUND(404, Status.Code.NOT_FOUND),
        TOO_LARGE(413, Status.Code.RESOURCE_EXHAUSTED),
        TOO_MANY_PENDING(429, Status.Code.RESOURCE_EXHAUSTED),
        NOT_READY(503, Status.Code.UNAVAILABLE),
        /** Kafka did not take the request (broker down, authorisation, topic missing). */
        KAFKA_UNAVAILABLE(503, Status.Code.UNAVAILABLE),
        TIMEOUT(504, Status.Code.DEADLINE_EXCEEDED),
        /** An answer arrived but could not be decoded: a fault of whoever wrote it, not the caller's. */
        UNREADABLE_ANSWER(502, Status.Code.INTERNAL);

        private final int httpStatus;
        private final Status.Code grpcCode;

        Reason(int httpStatus, Status.Code grpcCode) {
            this.httpStatus = httpStatus;
            this.grpcCode = grpcCode;
        }

        public int httpStatus() {
            return httpStatus;
        }

        public Status.Code grpcCode() {
            return grpcCode;
        }
    }

    private final Reason reason;
    private final int httpStatus;
    private final Status.Code grpcCode;
    private final ErrorClass errorClass;

    public InferenceFailure(Reason reason, String message) {
        this(reason, message, null);
    }

    public InferenceFailure(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.httpStatus = reason.httpStatus();
        this.grpcCode = reason.grpcCode();
        this.errorClass = null;
    }

    private InferenceFailure(ErrorClass.Answer answer, String message) {
        super(message, null, false, false);
        this.reason = Reason.MODEL_ERROR;
        this.httpStatus = answer.httpStatus();
        this.grpcCode = answer.grpcCode();
        this.errorClass = answer.errorClass();
    }

    /**
     * The failure for a request an error record ended: a model server that could not be reached is a 502, a model
     * not loaded a 503, and so on ({@link ErrorClass}), never "fix your request" for what the caller cannot fix.
     *
     * @param status the record's status field, may be null (Seldon Core 2's bare error text)
     */
    public static InferenceFailure fromErrorRecord(String status, String message) {
        return new InferenceFailure(ErrorClass.answer(status), message);
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status a REST caller gets. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The status code a gRPC caller gets. */
    public Status.Code grpcCode() {
        return grpcCode;
    }

    /** The class of the error record that ended the request, for {@link Reason#MODEL_ERROR}; otherwise empty. */
    public Optional<ErrorClass> errorClass() {
        return Optional.ofNullable(errorClass);
    }

    /** What failed, without the {@link CompletionException} a future's continuation wraps it in. */
    public static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
