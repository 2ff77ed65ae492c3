package io.seldonmesh.pipelinegateway.api;

import io.seldonmesh.pipelinegateway.dataflow.io.Dataflow;
import io.seldonmesh.pipelinegateway.io.KafkaGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when this replica reads answers, knows the declared resources and holds partitions to write to (ingress), and
 * has read the pipelines' specs (dataflow).
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    KafkaGateway gateway;

    @Inject
    Optional<Dataflow> dataflow;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = new ArrayList<>(gateway.notReadyBecause());
        dataflow.ifPresent(running -> problems.addAll(running.notReadyBecause()));
        HealthCheckResponseBuilder response = HealthCheckResponse.named("pipeline-gateway").status(problems.isEmpty());
        if (!problems.isEmpty()) {
            response.withData("reason", String.join("; ", problems));
        }
        response.withData("partitions", gateway.ownership().held().toString());
        response.withData("pending", gateway.pending().size());
        return response.build();
    }
}
