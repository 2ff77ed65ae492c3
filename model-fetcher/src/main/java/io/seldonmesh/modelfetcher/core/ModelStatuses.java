package io.seldonmesh.modelfetcher.core;

import java.time.Clock;

import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;

/** The status records one server replica publishes for its models. */
public final class ModelStatuses {

    private final ServerIdentity server;
    private final Clock clock;

    public ModelStatuses(ServerIdentity server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    public ModelStatus loading(String version) {
        return status(ModelState.LOADING, version, null, null, false);
    }

    /** Loading again, and why: a reload after the model server lost the model, or a retry. */
    public ModelStatus loading(String version, String reason) {
        return status(ModelState.LOADING, version, reason, null, false);
    }

    /** Available, with the methods' counts in {@code verification} and which file went by which in {@code reason}. */
    public ModelStatus available(String version, Verified verified) {
        return status(ModelState.AVAILABLE, version, verified.perFile(), verified.counts(), true);
    }

    public ModelStatus loadFailed(String version, String reason) {
        return status(ModelState.LOAD_FAILED, version, reason, null, false);
    }

    public ModelStatus unloading(String version, String reason) {
        return status(ModelState.UNLOADING, version, reason, null, false);
    }

    public ModelStatus unloaded(String version, String reason) {
        return status(ModelState.UNLOADED, version, reason, null, false);
    }

    private ModelStatus status(ModelState state, String version, String reason, String verification, boolean served) {
        return new ModelStatus(state, version, server.serverName(), served ? server.endpoints() : null, reason,
                verification, clock.instant());
    }
}
