package io.seldonmesh.modelserver.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What the V2 server metadata call reports, the same over REST and gRPC. */
@ApplicationScoped
public class ServerInfo {

    static final String NAME = "seldon-mesh-model-server";
    static final List<String> EXTENSIONS = List.of("model_repository");

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    String name() {
        return NAME;
    }

    String version() {
        return version;
    }

    List<String> extensions() {
        return EXTENSIONS;
    }
}
