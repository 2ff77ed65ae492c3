package io.seldonmesh.modelfetcher.core;

/**
 * The exit status of the one-shot {@code fetch} command, one per kind of outcome, so that an init container's
 * restart policy or a script can tell what happened without reading the message.
 */
public enum FetchOutcome {
    /** Every file is on disk and verified. */
    FETCHED(0),
    /** Something the fetcher did not expect; the message and the stack trace say what. */
    UNEXPECTED(1),
    /** The command line is wrong: the usage is printed. */
    USAGE(2),
    /** Storage or the secret refuses: access denied, no such bucket or key, a bad secret or storageUri. */
    REFUSED(3),
    /** The bytes or the hash manifest do not match what the model's owner promised; fetching again cannot help. */
    INTEGRITY(4),
    /** Storage did not answer, answered 5xx or throttled, or the transfer kept breaking: trying later may pass. */
    TRANSIENT(5);

    private final int exitStatus;

    FetchOutcome(int exitStatus) {
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }

    /** The outcome of a failed fetch. */
    public static FetchOutcome of(Throwable failure) {
        if (failure instanceof TransientFailure) {
            return TRANSIENT;
        }
        if (failure instanceof IntegrityFailure) {
            return INTEGRITY;
        }
        return failure instanceof FetchFailure ? REFUSED : UNEXPECTED;
    }
}
