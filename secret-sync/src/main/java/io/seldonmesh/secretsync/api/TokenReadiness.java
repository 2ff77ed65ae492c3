package io.seldonmesh.secretsync.api;

import io.seldonmesh.secretsync.SecretSyncService;
import io.seldonmesh.secretsync.core.TokenStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Down while any OAuth source has no token yet or its latest token request failed, even if the old token is
 * still valid: the data says how long it still is, so an operator sees the failure before Kafka clients do.
 */
@Readiness
@ApplicationScoped
public class TokenReadiness implements HealthCheck {

    @Inject
    SecretSyncService service;

    @Override
    public HealthCheckResponse call() {
        List<TokenStatus> statuses = service.refresher() == null ? List.of() : service.refresher().statuses();
        Instant now = Instant.now();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("secret-sync-oauth-tokens")
                .status(statuses.stream().allMatch(TokenStatus::healthy));
        for (TokenStatus status : statuses) {
            String validity = status.token().map(token -> (token.validAt(now) ? "valid until " : "expired at ")
                    + token.expiresAt()).orElse("no token yet");
            response.withData(status.source().toString(), status.consecutiveFailures() == 0 ? validity
                    : "failing (" + status.consecutiveFailures() + " in a row: " + status.lastFailure().orElse("")
                    + "); " + validity);
        }
        return response.build();
    }
}
