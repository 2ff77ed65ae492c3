package io.seldonmesh.bench.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;

/**
 * What the services need to become ready, started once for the whole run: a Kafka broker with Seldon's shared
 * (compacted) topics already created, as an installation has them; a model server for model-fetcher, which is ready
 * only while its server answers (this checkout's model-server, idle); and the Kubernetes API stand-in for
 * secret-sync. All on 127.0.0.1.
 */
final class Infrastructure implements AutoCloseable {

    private final List<AutoCloseable> running = new ArrayList<>();
    private final Path workDirectory;
    private KafkaBroker broker;
    private QuarkusApp modelServer;
    private int modelServerGrpcPort;
    private KubernetesStandIn kubernetes;

    private Infrastructure(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    static Infrastructure start(Path thisCheckout, Path workDirectory) {
        Infrastructure infrastructure = new Infrastructure(workDirectory);
        try {
            infrastructure.launch(thisCheckout);
            return infrastructure;
        } catch (RuntimeException | Error e) {
            infrastructure.close();
            throw e;
        }
    }

    private void launch(Path thisCheckout) {
        // a production broker runs C2 code; testkit's C1-only default would slow every Kafka round trip of a start
        broker = keep(KafkaBroker.builder().fullJit().start());
        provisionSharedTopics();
        modelServerGrpcPort = FreePort.next();
        modelServer = keep(QuarkusApp.builder("model-server-peer", thisCheckout.resolve("model-server/target/quarkus-app"))
                .environment(Map.of("MODELS_ROOT", modelsRoot("peer-models").toString(),
                        "GRPC_HOST", "127.0.0.1", "GRPC_PORT", Integer.toString(modelServerGrpcPort)))
                .startTimeout(Duration.ofSeconds(180))
                .start());
        kubernetes = keep(KubernetesStandIn.start());
    }

    /** Seldon's Kafka variables, as every Kafka service gets them. */
    Map<String, String> kafkaEnvironment() {
        return Map.of(SeldonKafkaSettings.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers(Listener.PLAINTEXT));
    }

    /** REST base URL of the model server model-fetcher loads into. */
    String modelServerRestUrl() {
        return modelServer.baseUri().toString();
    }

    /** {@code host:port} of the same model server's gRPC endpoint, which model-gateway calls. */
    String modelServerGrpcAddress() {
        return "127.0.0.1:" + modelServerGrpcPort;
    }

    KubernetesStandIn kubernetes() {
        return kubernetes;
    }

    /** An empty directory for a service's models (model-server's repository, model-fetcher's downloads). */
    Path modelsRoot(String name) {
        try {
            return Files.createDirectories(workDirectory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDirectory.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The compacted control and status topics exist before any service starts, as in an installation (a broker's
     * auto-creation would make them ordinary topics, which the services refuse).
     */
    private void provisionSharedTopics() {
        SeldonKafkaSettings kafka = SeldonKafkaSettings.fromEnvironment(kafkaEnvironment());
        try (Admin admin = new KafkaClientFactory(kafka).admin(Map.of())) {
            new TopicProvisioner(admin, TopicNames.from(kafka), TopicSettings.from(kafka), Duration.ofSeconds(60))
                    .ensureShared();
        }
    }

    private <T extends AutoCloseable> T keep(T component) {
        running.add(component);
        return component;
    }

    /** Stops everything, newest first, and goes on past a component that fails to stop. */
    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + running.get(i) + ": " + e);
            }
        }
        running.clear();
    }
}
