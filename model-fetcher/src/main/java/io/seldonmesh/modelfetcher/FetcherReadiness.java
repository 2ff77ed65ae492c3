package io.seldonmesh.modelfetcher;

import java.util.List;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ready once every Model spec present at start-up has been read from the control topic, while the
 * model server answers and Kafka takes status records; each problem is named in the response.
 */
@Readiness
@ApplicationScoped
public class FetcherReadiness implements HealthCheck {

    @Inject
    FetcherWiring wiring;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = wiring.problems();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model-fetcher").status(problems.isEmpty());
        for (int i = 0; i < problems.size(); i++) {
            response.withData("problem" + (i + 1), problems.get(i));
        }
        return response.build();
    }
}
