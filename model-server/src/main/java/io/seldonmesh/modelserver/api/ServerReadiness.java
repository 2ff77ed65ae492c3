package io.seldonmesh.modelserver.api;

import io.seldonmesh.modelserver.core.ModelRegistry;
import io.seldonmesh.modelserver.io.ModelsRoot;
import io.seldonmesh.runtime.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: up once the server runs (each model has its own readiness), unless its models root is
 * something it can never load from; the data shows how many models are loaded and from where. A root that does not
 * exist yet is not a problem: model-fetcher creates it with the first download.
 */
@Readiness
@ApplicationScoped
public class ServerReadiness extends ServiceReadiness {

    @Inject
    ModelRegistry registry;

    @Inject
    ModelsRoot modelsRoot;

    @Override
    protected String name() {
        return "model-server";
    }

    @Override
    protected List<String> problems() {
        Path root = modelsRoot.root();
        if (Files.exists(root) && !(Files.isDirectory(root) && Files.isReadable(root))) {
            return List.of("the models root " + root + " is not a readable directory: set MODELS_ROOT to the"
                    + " directory model-fetcher downloads into");
        }
        return List.of();
    }

    @Override
    protected void details(HealthCheckResponseBuilder response) {
        response.withData("loadedModels", registry.readyCount()).withData("modelsRoot", modelsRoot.root().toString());
    }
}
