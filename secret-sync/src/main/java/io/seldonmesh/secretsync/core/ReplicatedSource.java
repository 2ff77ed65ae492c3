package io.seldonmesh.secretsync.core;

/** A source that is being replicated, as credential events describe it: no data, only its fingerprint. */
public record ReplicatedSource(SourceRef source, String resourceVersion, String sha256) {
}
