package io.seldonmesh.pipelinegateway.core;

import io.grpc.Status;
import java.util.Objects;
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
        /** A model answered on the errors topic; its message is passed on. */
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

    public InferenceFailure(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public InferenceFailure(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** What failed, without the {@link CompletionException} a future's continuation wraps it in. */
    public static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
