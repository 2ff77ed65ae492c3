package io.seldonmesh.pipelinegateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.ServiceEnvironment;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import io.seldonmesh.pipelinegateway.io.CustomResourceWatcher;
import io.seldonmesh.pipelinegateway.io.KafkaGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Builds the gateway from configuration at start-up; every wrong setting stops start-up with its name. */
@ApplicationScoped
public class GatewayWiring {

    private static final Logger LOG = Logger.getLogger(GatewayWiring.class);

    @Produces
    @Singleton
    @Startup
    KafkaGateway gateway(GatewayConfig config, MeterRegistry meters) {
        Map<String, String> environment = ServiceEnvironment.from(ConfigProvider.getConfig());
        SeldonKafkaSettings.applyJvmNetworkSettings(environment);
        SeldonKafkaSettings settings = SeldonKafkaSettings.fromEnvironment(environment);
        KafkaClientFactory clients = new KafkaClientFactory(settings);
        StepScanLimits stepScans = new StepScanLimits(config.stepScanRecords(), config.stepScanTime());
        KafkaGateway gateway = new KafkaGateway(clients, new TimeoutPolicy(config.timeout(), config.maxTimeout()),
                config.maxPending(), stepScans, meters);
        LOG.infof("pipeline-gateway for %s: Kafka %s, timeout %s (max %s), at most %d pending requests, a pipeline"
                        + " timeout looks back at its steps through at most %d records in %s",
                gateway.topics(), clients.settings().bootstrapServers(), config.timeout(), config.maxTimeout(),
                config.maxPending(), stepScans.records(), stepScans.time());
        gateway.start();
        return gateway;
    }

    void close(@Disposes KafkaGateway gateway) {
        gateway.close();
    }

    /** Only with SELDON_WATCH_CRDS=true: without it the Kubernetes client is never created. */
    @Produces
    @Singleton
    @Startup
    Optional<CustomResourceWatcher> customResources(GatewayConfig config, KafkaGateway gateway,
                                                    Instance<KubernetesClient> kubernetes) {
        if (!config.watchCrds()) {
            return Optional.empty();
        }
        KubernetesClient client = kubernetes.get();
        String namespace = client.getNamespace() == null ? gateway.topics().namespace() : client.getNamespace();
        CustomResourceWatcher watcher = new CustomResourceWatcher(client, namespace, gateway.catalog(),
                gateway.specs(), config.crdResync());
        watcher.start();
        return Optional.of(watcher);
    }

    void close(@Disposes Optional<CustomResourceWatcher> watcher) {
        watcher.ifPresent(CustomResourceWatcher::close);
    }
}
