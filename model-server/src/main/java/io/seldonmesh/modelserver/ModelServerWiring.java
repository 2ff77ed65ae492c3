package io.seldonmesh.modelserver;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.seldonmesh.modelserver.api.InferenceMetrics;
import io.seldonmesh.modelserver.core.Inference;
import io.seldonmesh.modelserver.core.LoadedModel;
import io.seldonmesh.modelserver.core.ModelFactory;
import io.seldonmesh.modelserver.core.ModelRegistry;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSource;
import io.seldonmesh.modelserver.io.ModelsRoot;
import io.seldonmesh.modelserver.io.OnnxModels;
import io.seldonmesh.runtime.ServiceProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The only producer of the server's objects: builds the plain-Java core from configuration and loads the start-up models. */
@ApplicationScoped
public class ModelServerWiring {

    private static final Logger LOG = Logger.getLogger(ModelServerWiring.class);

    @Produces
    @Singleton
    ServiceProfile profile() {
        return new ModelServerProfile();
    }

    @Produces
    @Singleton
    ModelsRoot modelsRoot(ModelServerConfig config) {
        return new ModelsRoot(config.modelsRoot());
    }

    @Produces
    @Singleton
    ModelRegistry registry(ModelsRoot modelsRoot) {
        ModelFactory factory = new ModelFactory(new OnnxModels());
        return new ModelRegistry((name, version) -> {
            ModelSource source = modelsRoot.locate(name, version);
            return new LoadedModel(name, source.version(), factory.create(source));
        });
    }

    void closeModels(@Disposes ModelRegistry registry) {
        registry.closeAll();
    }

    @Produces
    @Singleton
    Inference inference(ModelRegistry registry, MeterRegistry meters) {
        return new Inference(registry, new InferenceMetrics(meters, registry));
    }

    void loadStartupModels(@Observes StartupEvent started, ModelServerConfig config, ModelsRoot modelsRoot,
            ModelRegistry registry, Inference inference) {
        List<String> wanted = config.loadAtStartup().orElse(List.of());
        List<String> names = wanted.contains("*") ? modelsRoot.modelNames() : wanted;
        LOG.infof("models root %s; loading at start-up: %s", modelsRoot.root(), names);
        for (String name : names) {
            try {
                registry.load(name, Optional.empty());
            } catch (ModelServerException e) {
                // the server still starts: the index shows the model UNAVAILABLE with this reason
                LOG.errorf("model=%s: not loaded at start-up: %s", name, e.getMessage());
            }
        }
    }
}
