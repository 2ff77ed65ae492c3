package io.seldonmesh.modelgateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.seldonmesh.common.config.ServiceEnvironment;
import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.modelgateway.core.DeliveryMode;
import io.seldonmesh.modelgateway.core.GatewaySettings;
import io.seldonmesh.modelgateway.core.ModelServerProtocol;
import io.seldonmesh.modelgateway.io.Gateway;
import io.seldonmesh.runtime.ServiceProfile;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/** The one place the gateway is assembled: settings from {@link GatewayConfig}, Kafka clients from service-runtime. */
@ApplicationScoped
public class GatewayWiring {

    @Produces
    @Singleton
    ServiceProfile profile() {
        return new ModelGatewayProfile();
    }

    @Produces
    @Singleton
    @Startup
    Gateway gateway(KafkaClientFactory kafka, GatewayConfig config, Config allConfig, Vertx vertx,
                    MeterRegistry registry, KafkaTracing tracing) {
        Gateway gateway = new Gateway(kafka, settings(config, ServiceEnvironment.from(allConfig)), vertx, registry,
                tracing);
        gateway.start();
        return gateway;
    }

    void stop(@Disposes Gateway gateway) {
        gateway.close();
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
}
