package io.seldonmesh.modelfetcher.core;

/**
 * A model could not be fetched. The message is written for the person who owns the Model: it names
 * the model, the input at fault and what to change, and it becomes the {@code LoadFailed} reason.
 * Not tried again by itself, unless it is a {@link TransientFailure}.
 */
public class FetchFailure extends RuntimeException {

    public FetchFailure(String message) {
        super(message);
    }

    public FetchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
