package io.seldonmesh.modelserver.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the V2 server metadata call reports, the same over REST and gRPC; over REST also this
 * process's instance id, new at every start, by which model-fetcher tells a restarted (and so
 * emptied) server from one that kept its models.
 */
@ApplicationScoped
public class ServerInfo {

    static final String NAME = "seldon-mesh-model-server";
    static final List<String> EXTENSIONS = List.of("model_repository");

    private final String instanceId = UUID.randomUUID().toString();

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

    String instanceId() {
        return instanceId;
    }
}
