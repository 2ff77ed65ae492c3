package io.seldonmesh.pipelinegateway.api;

import io.seldonmesh.pipelinegateway.io.KafkaGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when this replica reads answers, knows the declared resources and holds partitions to write to. */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    KafkaGateway gateway;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = gateway.notReadyBecause();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("pipeline-gateway").status(problems.isEmpty());
        if (!problems.isEmpty()) {
            response.withData("reason", String.join("; ", problems));
        }
        response.withData("partitions", gateway.ownership().held().toString());
        response.withData("pending", gateway.pending().size());
        return response.build();
    }
}
