package io.seldonmesh.pipelinegateway.security;

import java.util.Locale;

/** What a caller may do: the roles the control and inference APIs ask for. */
public enum CallerRole {
    /** Creates, replaces, deletes and reads Model and Pipeline specs (the control API). */
    DEPLOYER,
    /** Calls models and pipelines, and asks whether they are ready (the inference API). */
    INFERRER;

    /** The name in tokens, in {@code SELDON_AUTH_*_ROLES} and in messages: {@code deployer}, {@code inferrer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
