package io.seldonmesh.secretsync.core;

/**
 * A selected source that is invalid now: nothing new is written from it and its existing copies keep their last
 * good data, so credential events call it INVALID, never DELETED.
 */
public record HeldSource(SourceRef source, String resourceVersion) {
}
