package io.seldonmesh.secretsync.core;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * How token renewal for one OAuth source is going.
 *
 * @param token the newest token obtained, if any (possibly expired)
 * @param consecutiveFailures requests failed since the last success
 * @param firstFailure why the first request of the current run of failures failed; empty after a success
 * @param lastFailure why the latest request failed; empty after a success
 */
public record TokenStatus(SourceRef source, TokenEndpoint endpoint, Optional<IssuedToken> token, int consecutiveFailures,
                          Optional<String> firstFailure, Optional<String> lastFailure, long refreshes, long failures) {

    /** Renewal is on track: a token is held and the last request succeeded. */
    public boolean healthy() {
        return consecutiveFailures == 0 && token.isPresent();
    }

    /**
     * Kafka clients can authenticate with the token Secret now. A failing renewal while the old token is still
     * valid is not enough to take the service out of readiness: it is reported (log, Event, metric) and retried,
     * and an identity provider's short outage would otherwise flap readiness for every restart of the endpoint.
     */
    public boolean servesClients(Instant now) {
        return hasValidToken(now);
    }

    public boolean hasValidToken(Instant now) {
        return token.filter(t -> t.validAt(now)).isPresent();
    }

    /**
     * The problem to report while requests fail. Its wording changes once the old token has expired, so that
     * moment is reported too.
     */
    public Optional<Problem> problem(Instant now) {
        if (consecutiveFailures == 0) {
            return Optional.empty();
        }
        String held = hasValidToken(now)
                ? "The last token stays in " + TokenSecret.nameFor(source.name()) + " until it expires at "
                        + DateTimeFormatter.ISO_INSTANT.format(token.get().expiresAt()) + "."
                : "No valid token is available: Kafka clients using " + TokenSecret.nameFor(source.name())
                        + " will fail to authenticate.";
        return Optional.of(new Problem(source, Problem.Reason.TOKEN_REFRESH_FAILED, endpoint.toString(),
                "Token requests for " + source + " are failing: " + firstFailure.orElse("unknown error")
                        + ". Retrying with backoff. " + held));
    }
}
