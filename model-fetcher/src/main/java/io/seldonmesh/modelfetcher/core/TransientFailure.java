package io.seldonmesh.modelfetcher.core;

/**
 * A failure that may pass by itself: storage or the model server did not answer, timed out,
 * answered 5xx or throttled, or a transfer broke off. The load is tried again later, with backoff;
 * any other {@link FetchFailure} needs a person to change something first.
 */
public final class TransientFailure extends FetchFailure {

    /** Whom the failure came from: a model server that answers again retries its loads at once. */
    public enum Source {
        STORAGE, MODEL_SERVER
    }

    private final Source source;

    public TransientFailure(Source source, String message) {
        super(message);
        this.source = source;
    }

    public TransientFailure(Source source, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
    }

    public Source source() {
        return source;
    }
}
