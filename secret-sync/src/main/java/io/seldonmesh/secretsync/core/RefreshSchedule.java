package io.seldonmesh.secretsync.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to renew an OAuth token and when to try again after a failed request.
 *
 * <p>A token is renewed after {@code fraction} of its lifetime, moved earlier by up to
 * {@code jitter} of the lifetime at random so that many copies of secret-sync (or many sources on one
 * identity provider) do not renew in step, and never later than its expiry minus the safety margin.
 * The margin is capped at half the lifetime: a margin as long as the token's life would renew it as
 * fast as it is issued.
 *
 * <p>A failed request is retried with exponential backoff ("equal jitter": between half and all of
 * {@code retryInitial * 2^(failures-1)}, capped at {@code retryMax}), but never sleeping past the
 * moment the still-valid old token should have been replaced.
 */
public record RefreshSchedule(double fraction, double jitter, Duration safetyMargin, Duration retryInitial,
                              Duration retryMax) {

    private static final Duration SHORTEST_GAP = Duration.ofMillis(100);

    /**
     * @param random uniform in [0, 1)
     */
    public Instant nextRefresh(IssuedToken token, double random) {
        long lifetimeMillis = token.lifetime().toMillis();
        double share = fraction - jitter * random;
        Instant planned = token.obtainedAt().plusMillis(Math.round(lifetimeMillis * share));
        Instant latest = latestRefresh(token);
        Instant at = planned.isAfter(latest) ? latest : planned;
        Instant earliest = token.obtainedAt().plus(SHORTEST_GAP);
        return at.isBefore(earliest) ? earliest : at;
    }

    /** Expiry minus the (capped) safety margin: the last moment a renewal is still on time. */
    public Instant latestRefresh(IssuedToken token) {
        Duration halfLife = token.lifetime().dividedBy(2);
        Duration margin = safetyMargin.compareTo(halfLife) > 0 ? halfLife : safetyMargin;
        return token.expiresAt().minus(margin);
    }

    /**
     * @param consecutiveFailures at least 1
     * @param current the token still held, if any
     * @param random uniform in [0, 1)
     */
    public Instant retryAt(int consecutiveFailures, Optional<IssuedToken> current, Instant now, double random) {
        Duration backoff = backoff(consecutiveFailures);
        Duration jittered = backoff.dividedBy(2).plusMillis(Math.round(backoff.toMillis() / 2.0 * random));
        Instant at = now.plus(jittered);
        if (current.isPresent()) {
            Instant deadline = latestRefresh(current.get());
            if (now.isBefore(deadline) && at.isAfter(deadline)) {
                return deadline;
            }
        }
        return at;
    }

    /** The un-jittered backoff after this many failures in a row. */
    public Duration backoff(int consecutiveFailures) {
        int doublings = Math.max(0, Math.min(consecutiveFailures - 1, 30));
        Duration delay = retryInitial;
        for (int i = 0; i < doublings && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
