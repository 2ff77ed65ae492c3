package io.seldonmesh.secretsync.io;

import io.seldonmesh.secretsync.core.Problem;

/** What became of one planned write. */
public sealed interface WriteOutcome {

    /** The write happened (or was found already done). */
    record Done() implements WriteOutcome {
    }

    /** A Secret that is not ours stands where the copy should go; nothing was written. */
    record Conflict(Problem problem) implements WriteOutcome {
    }

    /** The cluster moved on since the plan was made (a version conflict, a vanished object): plan again. */
    record Stale(String why) implements WriteOutcome {
    }

    /** The API server refused or could not be reached; the message says why. */
    record Failed(String message) implements WriteOutcome {
    }
}
