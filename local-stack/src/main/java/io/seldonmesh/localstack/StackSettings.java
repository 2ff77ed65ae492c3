package io.seldonmesh.localstack;

import io.seldonmesh.runtime.StandaloneConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the launcher starts and where, from {@link LocalStackConfig} with every value checked. By default everything is
 * embedded on 127.0.0.1; each {@code LOCAL_*} / Seldon variable points one part at real infrastructure instead.
 *
 * @param externalKafka    {@code KAFKA_BOOTSTRAP_SERVERS}: use this broker (with the Seldon security
 *                         variables, passed through to every service) instead of an embedded one
 * @param kafkaPort        {@code LOCAL_KAFKA_PORT}: port of the embedded broker
 * @param fixedPorts       {@code LOCAL_FIXED_PORTS=false} gives every service a free port instead of its
 *                         documented one (tests, or a second stack beside a running one)
 * @param s3Bucket         {@code LOCAL_S3_BUCKET}: bucket for the demo model
 * @param workDirectory    {@code LOCAL_STACK_DIR}: logs, downloaded models
 * @param modelsRoot       {@code LOCAL_MODELS_ROOT}: where model-fetcher downloads and the model server loads
 *                         from ({@code <LOCAL_STACK_DIR>/models} unless set; required with an existing server)
 * @param externalModelServer {@code LOCAL_MODEL_SERVER_URL} (+ {@code LOCAL_MODEL_SERVER_GRPC}): use this V2
 *                         server instead of starting model-server
 * @param externalObjectStore {@code LOCAL_S3_ENDPOINT} (+ region, credentials, KMS key): store the demo models
 *                         there instead of in an embedded S3 server
 * @param keepRunning      {@code LOCAL_STACK_EXIT_AFTER_DEMO=true} stops after the demo (used by tests and CI)
 * @param environment      the process's variables, of which the Seldon Kafka ones are passed to every service
 */
public record StackSettings(Optional<String> externalKafka, int kafkaPort, boolean fixedPorts,
                            String s3Bucket, Path workDirectory, Path modelsRoot,
                            Optional<ModelServer> externalModelServer, Optional<ObjectStore> externalObjectStore,
                            boolean keepRunning, Map<String, String> environment) {

    /** The settings these variables give; a value that cannot be used is a {@link StackException} naming it. */
    public static StackSettings fromEnvironment(Map<String, String> environment) {
        LocalStackConfig config = StandaloneConfig.mapping(LocalStackConfig.class, setVariables(environment));
        Path workDirectory = config.dir().toAbsolutePath();
        Optional<ModelServer> externalModelServer = ModelServer.existing(config);
        return new StackSettings(
                config.kafkaBootstrapServers(),
                port("LOCAL_KAFKA_PORT", config.kafkaPort()),
                flag("LOCAL_FIXED_PORTS", config.fixedPorts()),
                config.s3Bucket(),
                workDirectory,
                externalModelServer.map(ModelServer::modelsRoot).orElseGet(() -> config.modelsRoot()
                        .map(Path::toAbsolutePath).orElse(workDirectory.resolve("models"))),
                externalModelServer,
                ObjectStore.existing(config),
                !flag("LOCAL_STACK_EXIT_AFTER_DEMO", config.exitAfterDemo()),
                Map.copyOf(environment));
    }

    /** A variable set blank counts as unset, so its default applies; values are read without surrounding blanks. */
    private static Map<String, String> setVariables(Map<String, String> environment) {
        return environment.entrySet().stream()
                .filter(variable -> !variable.getValue().isBlank())
                .collect(Collectors.toMap(Map.Entry::getKey, variable -> variable.getValue().trim()));
    }

    private static boolean flag(String variable, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new StackException(variable + "=" + value + " is not a flag: use true or false");
        };
    }

    private static int port(String variable, String value) {
        int port = value.matches("[0-9]{1,5}") ? Integer.parseInt(value) : -1;
        if (port < 0 || port > 65535) {
            throw new StackException(variable + "=" + value + " is not a TCP port (0-65535; 0 = any free port)");
        }
        return port;
    }
}
