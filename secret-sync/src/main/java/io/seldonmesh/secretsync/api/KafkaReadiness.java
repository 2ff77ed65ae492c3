package io.seldonmesh.secretsync.api;

import io.seldonmesh.secretsync.SecretSyncService;
import io.seldonmesh.secretsync.io.CredentialEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the credentials topic is known to exist and while the latest credential event reached the broker. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    @Inject
    SecretSyncService service;

    @Override
    public HealthCheckResponse call() {
        CredentialEvents events = service.credentialEvents();
        String problem = events == null ? "not started" : events.problem();
        return HealthCheckResponse.named("secret-sync-kafka")
                .status(problem.isEmpty())
                .withData("pendingEvents", events == null ? 0 : events.pendingEvents())
                .withData("problem", problem.isEmpty() ? "none" : problem)
                .build();
    }
}
