package io.seldonmesh.secretsync.api;

import io.seldonmesh.secretsync.SecretReplicator;
import io.seldonmesh.secretsync.SecretSyncService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the watches have their first listing and the latest reconciliation could read the cluster. */
@Readiness
@ApplicationScoped
public class ReplicationReadiness implements HealthCheck {

    @Inject
    SecretSyncService service;

    @Override
    public HealthCheckResponse call() {
        SecretReplicator replicator = service.replicator();
        boolean synced = replicator != null && replicator.watchesSynced();
        boolean reconciled = replicator != null && replicator.lastPassSucceeded();
        return HealthCheckResponse.named("secret-sync-kubernetes")
                .status(synced && reconciled)
                .withData("watchesSynced", synced)
                .withData("lastReconciliation", reconciled ? "succeeded"
                        : replicator == null ? "not started" : replicator.lastPassError())
                .build();
    }
}
