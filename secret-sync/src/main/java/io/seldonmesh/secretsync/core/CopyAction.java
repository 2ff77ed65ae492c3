package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * One write the plan asks for. Printing an action names the Secret and its source, never its data.
 */
public sealed interface CopyAction {

    /** The source the written Secret belongs to: where a conflict is reported. */
    SourceRef source();

    /** The Secret written or deleted. */
    Secret target();

    default String namespace() {
        return target().getMetadata().getNamespace();
    }

    default String name() {
        return target().getMetadata().getName();
    }

    /** Create {@code secret}; if a Secret of that name already exists, it is someone else's. */
    record Create(SourceRef source, Secret secret) implements CopyAction {
        @Override
        public Secret target() {
            return secret;
        }

        @Override
        public String toString() {
            return "create " + namespace() + "/" + name() + " from " + source;
        }
    }

    /** Bring {@code existing} (ours) to {@code secret}'s type, data and marks, keeping labels others added. */
    record Update(SourceRef source, Secret secret, Secret existing) implements CopyAction {
        @Override
        public Secret target() {
            return secret;
        }

        /** Delete and create again instead of updating: the type changed, or someone made the copy immutable. */
        public boolean recreate() {
            return Provenance.needsRecreate(existing, secret);
        }

        @Override
        public String toString() {
            return (recreate() ? "recreate " : "update ") + namespace() + "/" + name() + " from " + source;
        }
    }

    /** Delete {@code existing} (ours), only if it is still the version that was planned on. */
    record Delete(SourceRef source, Secret existing, String reason) implements CopyAction {
        @Override
        public Secret target() {
            return existing;
        }

        @Override
        public String toString() {
            return "delete " + namespace() + "/" + name() + " (" + reason + ")";
        }
    }
}
