package io.seldonmesh.modelgateway.api;

import io.seldonmesh.modelgateway.io.Gateway;
import io.seldonmesh.runtime.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.Readiness;

/** Ready when Kafka answers, the model status has been read, answers are being written and every consumer runs. */
@Readiness
@ApplicationScoped
public class GatewayReadiness extends ServiceReadiness {

    @Inject
    Gateway gateway;

    @Override
    protected String name() {
        return "model-gateway";
    }

    @Override
    protected List<String> problems() {
        return gateway.problems();
    }
}
