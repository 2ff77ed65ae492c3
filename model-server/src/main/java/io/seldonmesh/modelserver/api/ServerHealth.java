package io.seldonmesh.modelserver.api;

import io.seldonmesh.modelserver.core.ModelRegistry;
import io.seldonmesh.modelserver.io.ModelsRoot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: up once the server runs (models have their own readiness); the data
 * shows how many models are loaded and where they are read from.
 */
@Readiness
@ApplicationScoped
public class ServerHealth implements HealthCheck {

    @Inject
    ModelRegistry registry;

    @Inject
    ModelsRoot modelsRoot;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model-server")
                .up()
                .withData("loadedModels", registry.readyCount())
                .withData("modelsRoot", modelsRoot.root().toString())
                .build();
    }
}
