package io.seldonmesh.modelfetcher.io;

import java.util.Optional;

/**
 * The failed attempts at one object (or range) so far, and the evidence they share while every one
 * saw the same: the same wrong digest, or a body ending after the same bytes, on every attempt
 * points at the stored object, not at something that passes.
 *
 * @param sameEvidence what every failed attempt saw; empty once two differed, or when an attempt had
 *                     nothing to compare (a refused connection, an object changed mid-download)
 */
record FailedAttempts(int count, Optional<String> sameEvidence) {

    static final FailedAttempts NONE = new FailedAttempts(0, Optional.empty());

    FailedAttempts plus(Optional<String> evidence) {
        return new FailedAttempts(count + 1, count == 0 || sameEvidence.equals(evidence) ? evidence : Optional.empty());
    }

    /** More than one attempt, and all saw the same. */
    boolean allIdentical() {
        return count > 1 && sameEvidence.isPresent();
    }
}
