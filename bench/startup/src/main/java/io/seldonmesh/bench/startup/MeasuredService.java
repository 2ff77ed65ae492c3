package io.seldonmesh.bench.startup;

import java.util.LinkedHashMap;
import java.util.Map;

import io.seldonmesh.testkit.FreePort;

/**
 * The five services and the environment each gets beyond its HTTP port: the same variables before and after the
 * service skeleton (the local stack's, at both commits). Every listener binds 127.0.0.1 on a port free at launch.
 */
enum MeasuredService {

    MODEL_SERVER("model-server") {
        @Override
        Map<String, String> environment(Infrastructure infrastructure) {
            return Map.of("MODELS_ROOT", infrastructure.modelsRoot("model-server-models").toString(),
                    "GRPC_HOST", "127.0.0.1", "GRPC_PORT", Integer.toString(FreePort.next()));
        }
    },
    MODEL_GATEWAY("model-gateway") {
        @Override
        Map<String, String> environment(Infrastructure infrastructure) {
            return with(infrastructure.kafkaEnvironment(), Map.of("MODEL_SERVER_PROTOCOL", "grpc",
                    "MODEL_SERVER_URL", infrastructure.modelServerGrpcAddress()));
        }
    },
    PIPELINE_GATEWAY("pipeline-gateway") {
        @Override
        Map<String, String> environment(Infrastructure infrastructure) {
            return with(infrastructure.kafkaEnvironment(), Map.of("GRPC_HOST", "127.0.0.1",
                    "GRPC_PORT", Integer.toString(FreePort.next())));
        }
    },
    MODEL_FETCHER("model-fetcher") {
        @Override
        Map<String, String> environment(Infrastructure infrastructure) {
            return with(infrastructure.kafkaEnvironment(), Map.of(
                    "MODELS_ROOT", infrastructure.modelsRoot("model-fetcher-models").toString(),
                    "MODEL_SERVER_URL", infrastructure.modelServerRestUrl(),
                    "SERVER_NAME", "mlserver",
                    "SERVER_REPLICA", "mlserver-0",
                    "SERVER_CAPABILITIES", "onnx"));
        }
    },
    SECRET_SYNC("secret-sync") {
        @Override
        Map<String, String> environment(Infrastructure infrastructure) {
            return with(infrastructure.kafkaEnvironment(), infrastructure.kubernetes().secretSyncEnvironment());
        }
    };

    private final String module;

    MeasuredService(String module) {
        this.module = module;
    }

    String module() {
        return module;
    }

    /** The service's variables for one launch (fresh ports each time). */
    abstract Map<String, String> environment(Infrastructure infrastructure);

    static MeasuredService of(String module) {
        for (MeasuredService service : values()) {
            if (service.module.equals(module)) {
                return service;
            }
        }
        throw new IllegalArgumentException("no service '" + module + "': use model-server, model-gateway, "
                + "pipeline-gateway, model-fetcher or secret-sync");
    }

    private static Map<String, String> with(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new LinkedHashMap<>(first);
        merged.putAll(second);
        return merged;
    }
}
