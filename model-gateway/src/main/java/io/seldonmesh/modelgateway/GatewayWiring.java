package io.seldonmesh.modelgateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.ServiceEnvironment;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.modelgateway.core.DeliveryMode;
import io.seldonmesh.modelgateway.core.GatewaySettings;
import io.seldonmesh.modelgateway.core.ModelServerProtocol;
import io.seldonmesh.modelgateway.io.Gateway;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/** Builds the gateway from configuration at start-up and closes it at shutdown. */
@ApplicationScoped
public class GatewayWiring {

    private volatile Gateway gateway;

    void start(@Observes StartupEvent started, GatewayConfig config, Config allConfig, Vertx vertx,
               MeterRegistry registry) {
        Map<String, String> variables = ServiceEnvironment.from(allConfig);
        SeldonKafkaSettings.applyJvmNetworkSettings(variables);
        KafkaClientFactory kafka = KafkaClientFactory.fromEnvironment(variables);
        gateway = new Gateway(kafka, settings(config, variables), vertx, registry);
        gateway.start();
    }

    /**
     * The checked settings; the replica id, when not set, is {@code HOSTNAME} (Kubernetes sets it to the pod's name,
     * Docker to the container's), else the host's name.
     *
     * @throws IllegalArgumentException naming the variable that is wrong
     */
    static GatewaySettings settings(GatewayConfig config, Map<String, String> variables) {
        String replicaId = config.replicaId().filter(id -> !id.isBlank())
                .or(() -> Optional.ofNullable(variables.get("HOSTNAME")).filter(id -> !id.isBlank()))
                .orElseGet(GatewayWiring::hostName);
        return new GatewaySettings(ModelServerProtocol.parse(config.protocol()), config.modelServerUrl(),
                config.maxNumConsumers(), config.maxInFlight(), config.maxInFlightPerPartition(), config.inferTimeout(),
                config.retryMaxAttempts(), config.retryInitialBackoff(), config.retryMaxBackoff(),
                config.drainTimeout(), DeliveryMode.parse(config.delivery()), replicaId, config.maxBatchSize());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        Gateway running = gateway;
        if (running != null) {
            running.close();
        }
    }

    /** What keeps the gateway from working; empty when ready. */
    public List<String> problems() {
        Gateway running = gateway;
        return running == null ? List.of("starting") : running.problems();
    }
}
