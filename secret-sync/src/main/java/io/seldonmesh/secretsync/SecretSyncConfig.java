package io.seldonmesh.secretsync;

import io.seldonmesh.secretsync.core.SyncVariables;
import io.smallrye.config.ConfigMapping;

/**
 * Every setting of secret-sync: what to replicate and how to renew tokens ({@link SyncVariables}, checked by core's
 * {@code SyncSettings}), and the name its Events carry. Each is set by the variable application.properties names,
 * where its default is too; none has a default here, because a variable set to an empty value must stay empty (it
 * turns a selector off) rather than fall back. Kafka's settings are Seldon's variables, read by service-runtime.
 */
@ConfigMapping(prefix = "secret-sync")
public interface SecretSyncConfig extends SyncVariables {

    /** {@code HOSTNAME}: the pod's name, recorded as {@code reportingInstance} of the Events secret-sync writes. */
    String instance();
}
