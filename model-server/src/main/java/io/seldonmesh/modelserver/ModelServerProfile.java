package io.seldonmesh.modelserver;

import io.seldonmesh.modelserver.io.ModelsRoot;
import io.seldonmesh.modelserver.io.ModelsRootCheck;
import io.seldonmesh.modelserver.io.OnnxRuntimeCheck;
import io.seldonmesh.runtime.DoctorCheck;
import io.seldonmesh.runtime.ServiceProfile;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/** model-server to the shared runtime: no Kafka; its doctor checks the models directory and ONNX Runtime. */
public final class ModelServerProfile implements ServiceProfile {

    @Override
    public String name() {
        return "model-server";
    }

    @Override
    public boolean usesKafka() {
        return false;
    }

    @Override
    public List<DoctorCheck> doctorChecks(Config config) {
        ModelsRoot modelsRoot = new ModelsRoot(config.getValue("model-server.models-root", Path.class));
        return List.of(new ModelsRootCheck(modelsRoot), new OnnxRuntimeCheck());
    }
}
