package io.seldonmesh.secretsync.api;

import io.seldonmesh.runtime.ServiceReadiness;
import io.seldonmesh.secretsync.io.SecretReplicator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the watches have their first listing and the latest reconciliation could read the cluster. */
@Readiness
@ApplicationScoped
public class ReplicationReadiness extends ServiceReadiness {

    @Inject
    SecretReplicator replicator;

    @Override
    protected String name() {
        return "secret-sync-kubernetes";
    }

    @Override
    protected List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!replicator.watchesSynced()) {
            problems.add("the watches on Secrets and namespaces have not had their first listing yet");
        }
        if (!replicator.lastPassSucceeded()) {
            problems.add(replicator.lastPassError());
        }
        return problems;
    }
}
