package io.seldonmesh.pipelinegateway.api;

import io.seldonmesh.pipelinegateway.core.PartitionOwnership;
import io.seldonmesh.pipelinegateway.core.PendingRequests;
import io.seldonmesh.pipelinegateway.dataflow.io.Dataflow;
import io.seldonmesh.pipelinegateway.io.KafkaGateway;
import io.seldonmesh.runtime.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when this replica reads answers, knows the declared resources and holds partitions to write to (ingress), and
 * has read the pipelines' specs (dataflow).
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness extends ServiceReadiness {

    @Inject
    KafkaGateway gateway;

    @Inject
    Optional<Dataflow> dataflow;

    @Inject
    PartitionOwnership ownership;

    @Inject
    PendingRequests pending;

    @Override
    protected String name() {
        return "pipeline-gateway";
    }

    @Override
    protected List<String> problems() {
        List<String> problems = new ArrayList<>(gateway.notReadyBecause());
        dataflow.ifPresent(running -> problems.addAll(running.notReadyBecause()));
        return problems;
    }

    @Override
    protected void details(HealthCheckResponseBuilder response) {
        response.withData("partitions", ownership.held().toString()).withData("pending", pending.size());
    }
}
