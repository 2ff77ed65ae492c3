package io.seldonmesh.secretsync.io;

import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.secretsync.core.IssuedToken;
import io.seldonmesh.secretsync.core.OAuthClientCredentials;
import io.seldonmesh.secretsync.core.RefreshSchedule;
import io.seldonmesh.secretsync.core.SourceRef;
import io.seldonmesh.secretsync.core.TokenResponse.TokenRequestFailed;
import io.seldonmesh.secretsync.core.TokenStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps a fresh access token for every valid OAuth source: the first one at once, then a renewal on the
 * {@link RefreshSchedule}; after a failure, retries with backoff while the old token stays in use. A rotated
 * client secret (the source's data changed) triggers a new request immediately. Tokens are handed to the
 * replicator, which writes them to the token Secrets; this class never logs a token or a client secret.
 *
 * <p>One thread keeps the time, and each request runs on a thread of its own (at most one in flight per source,
 * each bounded by the request timeout): an identity provider that never answers delays only its own sources,
 * never the renewal of another source whose token is about to expire.
 */
public final class TokenRefresher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TokenRefresher.class);

    private static final Duration JUST_PAST = Duration.ofMillis(1);

    private final RefreshSchedule schedule;
    private final TokenEndpointClient endpoint;
    private final Clock clock;
    private final DoubleSupplier random;
    private final ScheduledExecutorService executor;
    private final ExecutorService requests;
    private final Runnable onChange;
    private final Map<SourceRef, Tracked> tracked = new HashMap<>();

    private static final class Tracked {
        final SourceRef source;
        OAuthClientCredentials credentials;
        long generation;
        ScheduledFuture<?> next;
        IssuedToken token;
        int consecutiveFailures;
        String firstFailure;
        String lastFailure;
        long refreshes;
        long failures;

        Tracked(SourceRef source, OAuthClientCredentials credentials) {
            this.source = source;
            this.credentials = credentials;
        }

        TokenStatus status() {
            return new TokenStatus(source, credentials.tokenEndpoint(), Optional.ofNullable(token), consecutiveFailures,
                    Optional.ofNullable(firstFailure), Optional.ofNullable(lastFailure), refreshes, failures);
        }
    }

    /**
     * @param onChange called after every token obtained or request failed, from the refresh thread
     */
    public TokenRefresher(RefreshSchedule schedule, TokenEndpointClient endpoint, Clock clock, DoubleSupplier random,
                          Runnable onChange) {
        this.schedule = schedule;
        this.endpoint = endpoint;
        this.clock = clock;
        this.random = random;
        this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("secret-sync-tokens"));
        this.requests = Executors.newCachedThreadPool(DaemonThreads.named("secret-sync-token-request"));
        this.onChange = onChange;
    }

    /** Starts, re-keys or stops renewal so that exactly these sources are kept fresh. */
    public synchronized void track(Map<SourceRef, OAuthClientCredentials> sources) {
        tracked.entrySet().removeIf(entry -> {
            if (sources.containsKey(entry.getKey())) {
                return false;
            }
            cancel(entry.getValue());
            LOG.infof("stopped renewing the token of %s: it is no longer a valid OAuth source", entry.getKey());
            return true;
        });
        sources.forEach((source, credentials) -> {
            Tracked existing = tracked.get(source);
            if (existing == null) {
                Tracked added = new Tracked(source, credentials);
                tracked.put(source, added);
                LOG.infof("renewing the token of %s from %s", source, credentials.tokenEndpoint());
                scheduleNow(added);
            } else if (!existing.credentials.fingerprint().equals(credentials.fingerprint())) {
                existing.credentials = credentials;
                cancel(existing);
                LOG.infof("the OAuth Secret %s changed: requesting a new token from %s", source, credentials.tokenEndpoint());
                scheduleNow(existing);
            }
        });
    }

    /** The newest token of each tracked source, by source name. */
    public synchronized Map<String, IssuedToken> tokens() {
        Map<String, IssuedToken> tokens = new HashMap<>();
        tracked.values().stream().filter(t -> t.token != null).forEach(t -> tokens.put(t.source.name(), t.token));
        return tokens;
    }

    public synchronized List<TokenStatus> statuses() {
        List<TokenStatus> statuses = new ArrayList<>();
        tracked.values().forEach(t -> statuses.add(t.status()));
        return statuses;
    }

    /** Stops every renewal; a request under way is interrupted. */
    @Override
    public synchronized void close() {
        tracked.values().forEach(TokenRefresher::cancel);
        tracked.clear();
        executor.shutdownNow();
        requests.shutdownNow();
    }

    private void scheduleNow(Tracked t) {
        t.generation++;
        long generation = t.generation;
        t.next = executor.schedule(() -> request(t, generation), 0, TimeUnit.MILLISECONDS);
    }

    /** On the timekeeping thread: hands the request to a thread of its own, so this one never waits for an answer. */
    private void request(Tracked t, long generation) {
        try {
            requests.execute(() -> refresh(t, generation));
        } catch (RejectedExecutionException closing) {
            // close() is stopping everything
        }
    }

    private static void cancel(Tracked t) {
        t.generation++;
        if (t.next != null) {
            t.next.cancel(false);
        }
    }

    private void refresh(Tracked t, long generation) {
        OAuthClientCredentials credentials;
        synchronized (this) {
            if (tracked.get(t.source) != t || t.generation != generation) {
                return;
            }
            credentials = t.credentials;
        }
        IssuedToken token = null;
        String failure = null;
        try {
            token = endpoint.request(credentials);
        } catch (TokenRequestFailed e) {
            failure = e.getMessage();
        } catch (RuntimeException e) {
            failure = "token request to " + credentials.tokenEndpoint() + " failed unexpectedly: " + e.getClass().getSimpleName();
        }
        synchronized (this) {
            // credentials rotated or the source removed while the request was in flight: its answer is stale
            if (tracked.get(t.source) != t || t.generation != generation) {
                return;
            }
            Instant now = clock.instant();
            Instant next = token != null ? succeeded(t, token) : failed(t, failure, now);
            long delay = Math.max(0, Duration.between(now, next).toMillis());
            t.next = executor.schedule(() -> request(t, generation), delay, TimeUnit.MILLISECONDS);
        }
        onChange.run();
    }

    private Instant succeeded(Tracked t, IssuedToken token) {
        if (t.consecutiveFailures > 0) {
            LOG.infof("token renewal for %s recovered after %d failed request(s)", t.source, t.consecutiveFailures);
        }
        t.token = token;
        t.refreshes++;
        t.consecutiveFailures = 0;
        t.firstFailure = null;
        t.lastFailure = null;
        Instant next = schedule.nextRefresh(token, random.getAsDouble());
        LOG.infof("obtained a token for %s: lifetime %ds, expires at %s, next renewal at %s", t.source,
                token.lifetime().toSeconds(), token.expiresAt(), next);
        return next;
    }

    private Instant failed(Tracked t, String failure, Instant now) {
        t.failures++;
        t.consecutiveFailures++;
        if (t.firstFailure == null) {
            t.firstFailure = failure;
        }
        t.lastFailure = failure;
        Instant next = schedule.retryAt(t.consecutiveFailures, Optional.ofNullable(t.token), now, random.getAsDouble());
        String held = t.token == null ? "no token obtained yet"
                : t.token.validAt(now) ? "the last token stays valid until " + t.token.expiresAt()
                : "the last token expired at " + t.token.expiresAt();
        LOG.warnf("token request for %s failed (%d in a row): %s; %s; retrying at %s", t.source, t.consecutiveFailures,
                failure, held, next);
        if (t.token != null && t.token.validAt(now) && next.isAfter(t.token.expiresAt())) {
            // the problem's wording changes when the old token expires ("no valid token"): report it then, not at
            // the next retry, which backoff may have put well after. A millisecond past the expiry, in nanoseconds:
            // a delay truncated to whole milliseconds fired while the token still counted as valid, so the report
            // said the old wording.
            Duration untilExpired = Duration.between(now, t.token.expiresAt()).plus(JUST_PAST);
            executor.schedule(onChange, untilExpired.toNanos(), TimeUnit.NANOSECONDS);
        }
        return next;
    }
}
