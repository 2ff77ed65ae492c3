package io.seldonmesh.modelserver.core;

/**
 * A failure with a message for a person. The {@link Kind} decides the status code at each entry
 * point (REST and gRPC map it in one place each); {@link #httpStatus()} lets the {@code fail}
 * built-in model choose any status.
 */
public final class ModelServerException extends RuntimeException {

    public enum Kind {
        INVALID_INPUT(400),
        MODEL_NOT_FOUND(404),
        MODEL_NOT_READY(503),
        LOAD_FAILED(400),
        MODEL_FAILED(500),
        INTERNAL(500);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** Outcome label used in metrics and logs. */
        public String outcome() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final long serialVersionUID = 1L;

    private final Kind kind;
    private final int httpStatus;

    private ModelServerException(Kind kind, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    public static ModelServerException invalidInput(String message) {
        return new ModelServerException(Kind.INVALID_INPUT, Kind.INVALID_INPUT.httpStatus, message, null);
    }

    public static ModelServerException notFound(String message) {
        return new ModelServerException(Kind.MODEL_NOT_FOUND, Kind.MODEL_NOT_FOUND.httpStatus, message, null);
    }

    public static ModelServerException notReady(String message) {
        return new ModelServerException(Kind.MODEL_NOT_READY, Kind.MODEL_NOT_READY.httpStatus, message, null);
    }

    public static ModelServerException loadFailed(String message) {
        return loadFailed(message, null);
    }

    public static ModelServerException loadFailed(String message, Throwable cause) {
        return new ModelServerException(Kind.LOAD_FAILED, Kind.LOAD_FAILED.httpStatus, message, cause);
    }

    /** The model ran and failed; {@code httpStatus} is what the caller should see. */
    public static ModelServerException modelFailed(int httpStatus, String message, Throwable cause) {
        return new ModelServerException(Kind.MODEL_FAILED, httpStatus, message, cause);
    }

    public static ModelServerException internal(String message, Throwable cause) {
        return new ModelServerException(Kind.INTERNAL, Kind.INTERNAL.httpStatus, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
