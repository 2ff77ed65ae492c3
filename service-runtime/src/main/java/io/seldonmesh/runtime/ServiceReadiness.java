package io.seldonmesh.runtime;

import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * A service's readiness, in one shape everywhere: ready when it has no problem, else down with every problem in
 * {@code reason} (what is missing, for a person reading {@code /q/health/ready}). Subclasses say what the problems
 * are, typically those of their {@code CompactedTopicReader} and Kafka clients, and may add details.
 */
public abstract class ServiceReadiness implements HealthCheck {

    /** Why the service cannot do its work now; empty when it can. */
    protected abstract List<String> problems();

    protected abstract String name();

    /** Details shown whether ready or not (partitions held, models served ...). */
    protected void details(HealthCheckResponseBuilder response) {
    }

    @Override
    public HealthCheckResponse call() {
        List<String> problems = problems();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name()).status(problems.isEmpty());
        if (!problems.isEmpty()) {
            response.withData("reason", String.join("; ", problems));
        }
        details(response);
        return response.build();
    }
}
