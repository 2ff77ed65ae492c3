package io.seldonmesh.pipelinegateway.core;

import java.util.Objects;

/**
 * Whether a model or pipeline can take requests now and, when not, why, in words for the caller.
 */
public record Availability(State state, String reason) {

    public enum State { READY, NOT_FOUND, NOT_READY }

    public Availability {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    /** One instance: readiness is asked on every request, and a ready answer needs no words. */
    public static final Availability READY = new Availability(State.READY, "ready");

    public boolean isReady() {
        return state == State.READY;
    }

    /** Throws the matching failure (404 or 503) unless ready. */
    public void requireReady() {
        switch (state) {
            case READY -> {
            }
            case NOT_FOUND -> throw new InferenceFailure(InferenceFailure.Reason.NOT_FOUND, reason);
            case NOT_READY -> throw new InferenceFailure(InferenceFailure.Reason.NOT_READY, reason);
        }
    }
}
