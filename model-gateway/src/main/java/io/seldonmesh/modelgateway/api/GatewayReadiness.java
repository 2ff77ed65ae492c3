package io.seldonmesh.modelgateway.api;

import io.seldonmesh.modelgateway.GatewayWiring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when Kafka answers, the model status has been read, answers are being written and every consumer runs;
 * otherwise down, with each reason as a line of the response.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    GatewayWiring gateway;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = gateway.problems();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model-gateway").status(problems.isEmpty());
        for (int i = 0; i < problems.size(); i++) {
            response.withData("problem-" + (i + 1), problems.get(i));
        }
        return response.build();
    }
}
