package io.seldonmesh.secretsync.api;

import io.seldonmesh.runtime.ServiceReadiness;
import io.seldonmesh.secretsync.io.CredentialEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the credentials topic is known to exist and while the latest credential event reached the broker. */
@Readiness
@ApplicationScoped
public class KafkaReadiness extends ServiceReadiness {

    @Inject
    CredentialEvents events;

    @Override
    protected String name() {
        return "secret-sync-kafka";
    }

    @Override
    protected List<String> problems() {
        String problem = events.problem();
        return problem.isEmpty() ? List.of() : List.of(problem);
    }

    @Override
    protected void details(HealthCheckResponseBuilder response) {
        response.withData("pendingEvents", events.pendingEvents());
    }
}
