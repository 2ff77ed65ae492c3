package io.seldonmesh.modelfetcher.core;

/**
 * The bytes or the hash manifest do not match what the model's owner promised: a checksum that keeps failing, a
 * manifest that does not list the model's files, or one required and absent. Not retried: fetching again cannot
 * change the stored bytes; the one-shot {@code fetch} command exits with its own status for it.
 */
public class IntegrityFailure extends FetchFailure {

    public IntegrityFailure(String message) {
        super(message);
    }

    public IntegrityFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
