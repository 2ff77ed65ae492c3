package io.seldonmesh.localstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher starts and where, from environment variables. By default everything is
 * embedded on 127.0.0.1; each {@code LOCAL_*} / Seldon variable points one part at real
 * infrastructure instead.
 *
 * @param externalKafka    {@code KAFKA_BOOTSTRAP_SERVERS}: use this broker (with the Seldon security
 *                         variables, passed through to every service) instead of an embedded one
 * @param kafkaPort        {@code LOCAL_KAFKA_PORT}: port of the embedded broker (default 9092)
 * @param fixedPorts       {@code LOCAL_FIXED_PORTS=false} gives every service a free port instead of its
 *                         documented one (tests, or a second stack beside a running one)
 * @param s3Bucket         {@code LOCAL_S3_BUCKET}: bucket for the demo model (default {@code models})
 * @param workDirectory    {@code LOCAL_STACK_DIR}: logs, downloaded models (default {@code .local-stack})
 * @param modelsRoot       {@code LOCAL_MODELS_ROOT}: where model-fetcher downloads and the model server loads
 *                         from (default {@code <LOCAL_STACK_DIR>/models}; required with an existing server)
 * @param externalModelServer {@code LOCAL_MODEL_SERVER_URL} (+ {@code LOCAL_MODEL_SERVER_GRPC}): use this V2
 *                         server instead of starting model-server
 * @param topicPrefix      {@code SELDON_TOPIC_PREFIX} (default {@code seldon})
 * @param namespace        {@code SELDON_NAMESPACE} (default {@code default})
 * @param keepRunning      {@code LOCAL_STACK_EXIT_AFTER_DEMO=true} stops after the demo (used by tests and CI)
 */
public record StackSettings(Optional<String> externalKafka, int kafkaPort, boolean fixedPorts,
                            String s3Bucket, Path workDirectory, Path modelsRoot,
                            Optional<ModelServer> externalModelServer, String topicPrefix, String namespace,
                            boolean keepRunning, Map<String, String> environment) {

    public static StackSettings fromEnvironment(Map<String, String> env) {
        Path workDirectory = Path.of(env.getOrDefault("LOCAL_STACK_DIR", ".local-stack")).toAbsolutePath();
        Optional<ModelServer> externalModelServer = ModelServer.fromEnvironment(env);
        return new StackSettings(
                nonBlank(env.get("KAFKA_BOOTSTRAP_SERVERS")),
                port(env, "LOCAL_KAFKA_PORT", 9092),
                !"false".equalsIgnoreCase(env.getOrDefault("LOCAL_FIXED_PORTS", "true").trim()),
                env.getOrDefault("LOCAL_S3_BUCKET", "models"),
                workDirectory,
                externalModelServer.map(ModelServer::modelsRoot).orElseGet(() -> nonBlank(env.get("LOCAL_MODELS_ROOT"))
                        .map(root -> Path.of(root).toAbsolutePath()).orElse(workDirectory.resolve("models"))),
                externalModelServer,
                env.getOrDefault("SELDON_TOPIC_PREFIX", "seldon"),
                env.getOrDefault("SELDON_NAMESPACE", "default"),
                !Boolean.parseBoolean(env.getOrDefault("LOCAL_STACK_EXIT_AFTER_DEMO", "false")),
                Map.copyOf(env));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a TCP port (0-65535; 0 = any free port)");
        }
    }
}
