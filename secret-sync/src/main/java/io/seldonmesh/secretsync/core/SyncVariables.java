package io.seldonmesh.secretsync.core;

import java.util.Optional;

/**
 * secret-sync's settings as the operator wrote them, each the text of one variable with its default applied
 * (secret-sync's {@code SecretSyncConfig} reads them; application.properties names the variables and holds the
 * defaults). {@link SyncSettings} checks them. A value is empty where its variable is set to an empty value: that
 * turns a selector or a name list off, and is an error for every other setting.
 */
public interface SyncVariables {

    /** {@value SyncSettings#SOURCE_NAMESPACE}: the namespace holding the source Secrets and the token Secrets. */
    Optional<String> sourceNamespace();

    /** {@value SyncSettings#SOURCE_SELECTOR}: the label selector choosing sources. */
    Optional<String> sourceSelector();

    /** {@value SyncSettings#SOURCE_NAMES}: Secret names that are sources whatever their labels, comma-separated. */
    Optional<String> sourceNames();

    /** {@value SyncSettings#TARGET_NAMESPACES}: namespaces that always receive copies, comma-separated. */
    Optional<String> targetNamespaces();

    /** {@value SyncSettings#TARGET_SELECTOR}: the label selector choosing further target namespaces. */
    Optional<String> targetSelector();

    /** {@value SyncSettings#RESYNC_INTERVAL}: how often everything is re-read from the API server and repaired. */
    Optional<String> resyncInterval();

    /** {@value SyncSettings#TOKEN_REFRESH_FRACTION}: share of a token's lifetime after which it is renewed. */
    Optional<String> tokenRefreshFraction();

    /** {@value SyncSettings#TOKEN_REFRESH_JITTER}: largest share of the lifetime a renewal is moved earlier. */
    Optional<String> tokenRefreshJitter();

    /** {@value SyncSettings#TOKEN_SAFETY_MARGIN}: a token is renewed no later than its expiry minus this. */
    Optional<String> tokenSafetyMargin();

    /** {@value SyncSettings#TOKEN_RETRY_INITIAL}: first backoff after a failed token request. */
    Optional<String> tokenRetryInitial();

    /** {@value SyncSettings#TOKEN_RETRY_MAX}: longest backoff between token requests. */
    Optional<String> tokenRetryMax();

    /** {@value SyncSettings#TOKEN_REQUEST_TIMEOUT}: connect and response timeout of a token request. */
    Optional<String> tokenRequestTimeout();
}
