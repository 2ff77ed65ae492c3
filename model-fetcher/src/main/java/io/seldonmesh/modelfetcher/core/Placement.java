package io.seldonmesh.modelfetcher.core;

/** Whether this fetcher's server replica should hold a model. */
public sealed interface Placement {

    /** Load it here. */
    record Here() implements Placement {
    }

    /** Another server or replica holds it; {@code reason} says why, for the log and an Unloaded status. */
    record Elsewhere(String reason) implements Placement {
    }

    /**
     * This replica would hold it, but its server lacks a capability the model requires: a LoadFailed
     * reason, so that a model no server can take is not left waiting in silence. A model another
     * server takes is still ready: readiness needs one Available replica.
     */
    record Unfit(String reason) implements Placement {
    }

    /** It is meant for this replica but cannot be held, e.g. not enough memory: a LoadFailed reason. */
    record Refused(String reason) implements Placement {
    }
}
