package io.seldonmesh.modelfetcher.core;

/**
 * What the last check of the model server found about one model this replica holds.
 *
 * @param reason for a person, the status reason; empty when {@code LOADED}
 */
public record ServerFinding(Kind kind, String reason) {

    public enum Kind {
        /** The server has the version loaded, or cannot say (no index, no restart seen). */
        LOADED,
        /** The server restarted and does not have it loaded: reload it. */
        RESTARTED,
        /** The server answers but does not have it loaded (unloaded behind the fetcher's back, a failed reload): reload it. */
        NOT_LOADED,
        /** The server does not answer: the model cannot be served. */
        UNREACHABLE
    }

    public static final ServerFinding LOADED = new ServerFinding(Kind.LOADED, "");

    public boolean needsReload() {
        return kind == Kind.RESTARTED || kind == Kind.NOT_LOADED;
    }
}
