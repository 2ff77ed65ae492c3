package io.seldonmesh.secretsync.api;

import io.seldonmesh.runtime.ServiceReadiness;
import io.seldonmesh.secretsync.core.TokenStatus;
import io.seldonmesh.secretsync.io.TokenRefresher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Down while any OAuth source has no valid token (none yet, or the last one expired). A failing renewal while the
 * old token is valid keeps readiness up; the data says "failing" and until when the old token is valid, and the
 * TokenRefreshFailed Event and the metrics report it.
 */
@Readiness
@ApplicationScoped
public class TokenReadiness extends ServiceReadiness {

    @Inject
    TokenRefresher tokens;

    @Override
    protected String name() {
        return "secret-sync-oauth-tokens";
    }

    @Override
    protected List<String> problems() {
        Instant now = Instant.now();
        return tokens.statuses().stream().filter(status -> !status.servesClients(now))
                .map(status -> status.source() + ": " + describe(status, now)).toList();
    }

    @Override
    protected void details(HealthCheckResponseBuilder response) {
        Instant now = Instant.now();
        tokens.statuses().forEach(status -> response.withData(status.source().toString(), describe(status, now)));
    }

    private static String describe(TokenStatus status, Instant now) {
        String validity = status.token().map(token -> (token.validAt(now) ? "valid until " : "expired at ")
                + token.expiresAt()).orElse("no token yet");
        return status.consecutiveFailures() == 0 ? validity : "failing (" + status.consecutiveFailures()
                + " in a row: " + status.lastFailure().orElse("") + "); " + validity;
    }
}
