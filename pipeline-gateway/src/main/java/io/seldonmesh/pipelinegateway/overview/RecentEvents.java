package io.seldonmesh.pipelinegateway.overview;

/** What the status page shows of the errors and credentials topics: their last records. */
public record RecentEvents(Tail<ErrorNotice> errors, Tail<CredentialNotice> credentials) {

    /** How many of each are kept. */
    public static final int KEPT = 50;

    public RecentEvents() {
        this(new Tail<>(KEPT), new Tail<>(KEPT));
    }
}
