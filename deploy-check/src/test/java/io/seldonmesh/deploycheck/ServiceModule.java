package io.seldonmesh.deploycheck;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The modules a container can run, found by the container's name, with what deploy-check needs to know of each
 * that no file states: whether it reads Seldon's Kafka variables, and how long it may take to stop after SIGTERM
 * (from its close() code, cited below; model-gateway's from its configured drain time).
 */
enum ServiceModule {

    // Dataflow.close(): each pipeline's Streams application 10 s, 60 s at most; KafkaGateway.close() and its
    // consumer loops: consumers, producer and admin client 5 s each, 30 s at most.
    PIPELINE_GATEWAY("pipeline-gateway", true, true, (properties, environment) -> Duration.ofSeconds(90)),
    // ModelInputConsumer.close(): the drain time plus 10 s joining the consumer threads; Gateway.close(): producer
    // and admin client 5 s each.
    MODEL_GATEWAY("model-gateway", true, true, (properties, environment) ->
            Durations.parse(properties.resolve("model-gateway.drain-timeout", environment).orElseThrow())
                    .plusSeconds(20)),
    // ControlModelsConsumer.close(): thread 10 s, consumer 5 s; ModelWorkers 10 s; StatusPublisher 5 s.
    MODEL_FETCHER("model-fetcher", true, false, (properties, environment) -> Duration.ofSeconds(30)),
    // CredentialEvents: its producer 5 s; the watches stop at once.
    SECRET_SYNC("secret-sync", true, false, (properties, environment) -> Duration.ofSeconds(5)),
    // no Kafka, nothing to drain: it stops with its HTTP and gRPC servers
    MODEL_SERVER("model-server", false, false, (properties, environment) -> Duration.ZERO);

    private final String module;
    private final boolean kafka;
    private final boolean gateway;
    private final BiFunction<ServiceProperties, Map<String, String>, Duration> shutdown;

    ServiceModule(String module, boolean kafka, boolean gateway,
                  BiFunction<ServiceProperties, Map<String, String>, Duration> shutdown) {
        this.module = module;
        this.kafka = kafka;
        this.gateway = gateway;
        this.shutdown = shutdown;
    }

    static Optional<ServiceModule> forContainer(String containerName) {
        return Arrays.stream(values()).filter(m -> m.module.equals(containerName)).findFirst();
    }

    String module() {
        return module;
    }

    /** Reads Seldon's Kafka variables through common's SeldonKafkaSettings. */
    boolean kafka() {
        return kafka;
    }

    /** Serves traffic from several replicas: needs a PodDisruptionBudget, replicas <= partitions. */
    boolean gateway() {
        return gateway;
    }

    ServiceProperties properties() {
        return ServiceProperties.load(Repository.module(module).resolve("src/main/resources/application.properties"));
    }

    String pom() {
        return Repository.read(Repository.module(module).resolve("pom.xml"));
    }

    /** Calls the Kubernetes API, so it needs its service account token. */
    boolean usesKubernetesApi() {
        return pom().contains("<artifactId>quarkus-kubernetes-client</artifactId>");
    }

    Duration shutdown(Map<String, String> environment) {
        return shutdown.apply(properties(), environment);
    }
}
