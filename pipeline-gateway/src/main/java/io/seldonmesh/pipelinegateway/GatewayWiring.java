package io.seldonmesh.pipelinegateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.Ingress;
import io.seldonmesh.pipelinegateway.core.ModelConsumers;
import io.seldonmesh.pipelinegateway.core.PartitionOwnership;
import io.seldonmesh.pipelinegateway.core.PendingRequests;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowSettings;
import io.seldonmesh.pipelinegateway.dataflow.io.Dataflow;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import io.seldonmesh.pipelinegateway.io.CustomResourceWatcher;
import io.seldonmesh.pipelinegateway.io.KafkaGateway;
import io.seldonmesh.pipelinegateway.io.RecentRecordsReader;
import io.seldonmesh.pipelinegateway.overview.RecentEvents;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import java.util.Map;
import io.seldonmesh.pipelinegateway.io.SpecPublisher;
import io.seldonmesh.pipelinegateway.security.AccessSettings;
import io.seldonmesh.pipelinegateway.security.ServerTls;
import io.seldonmesh.runtime.ServiceProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The only producer of the gateway's objects: builds them from configuration at start-up (Kafka clients come from
 * the shared runtime); every wrong setting stops start-up with its name.
 */
@ApplicationScoped
public class GatewayWiring {

    private static final Logger LOG = Logger.getLogger(GatewayWiring.class);
    /** How often join windows and batches are checked for closing: a window closes at most this late. */
    private static final Duration DATAFLOW_TICK = Duration.ofMillis(20);

    @Produces
    @Singleton
    ServiceProfile profile() {
        return new PipelineGatewayProfile();
    }

    /** @throws IllegalArgumentException naming STORAGE_URI_ALLOWED_PREFIXES and the entry that is wrong */
    @Produces
    @Singleton
    StorageAllowList storageAllowList(GatewayConfig config) {
        return StorageAllowList.parse(config.control().storageUriAllowedPrefixes().orElse(""));
    }

    /** What this replica knows of the declared models and pipelines; the ingress and the dataflow share it. */
    @Produces
    @Singleton
    Catalog catalog(GatewayConfig config) {
        return new Catalog(new ModelConsumers(config.modelConsumerGrace()));
    }

    @Produces
    @Singleton
    Set<Role> roles(GatewayConfig config) {
        return Role.parse(config.roles());
    }

    @Produces
    @Singleton
    @Startup
    KafkaGateway gateway(GatewayConfig config, KafkaClientFactory clients, Catalog catalog, Set<Role> roles,
                         Optional<Dataflow> dataflow, MeterRegistry meters, KafkaTracing tracing) {
        StepScanLimits stepScans = new StepScanLimits(config.stepScanRecords(), config.stepScanTime());
        KafkaGateway gateway = new KafkaGateway(clients, catalog, new TimeoutPolicy(config.timeout(),
                config.maxTimeout()), config.maxPending(), stepScans, meters, roles.contains(Role.INGRESS), tracing);
        dataflow.ifPresent(gateway::listen);
        if (!config.modelConsumerCheck().isZero()) {
            gateway.watchModelGateways(config.modelConsumerCheck(), config.modelGatewayConsumers());
        }
        LOG.infof("pipeline-gateway (%s) for %s: Kafka %s, timeout %s (max %s), at most %d pending requests, a pipeline"
                        + " timeout looks back at its steps through at most %d records in %s",
                Role.describe(roles), gateway.topics(), clients.settings().bootstrapServers(), config.timeout(),
                config.maxTimeout(), config.maxPending(), stepScans.records(), stepScans.time());
        gateway.start();
        return gateway;
    }

    void close(@Disposes KafkaGateway gateway) {
        gateway.close();
    }

    @Produces
    @Singleton
    Ingress ingress(KafkaGateway gateway) {
        return gateway.ingress();
    }

    @Produces
    @Singleton
    SpecPublisher specs(KafkaGateway gateway) {
        return gateway.specs();
    }

    @Produces
    @Singleton
    PartitionOwnership ownership(KafkaGateway gateway) {
        return gateway.ownership();
    }

    @Produces
    @Singleton
    PendingRequests pending(KafkaGateway gateway) {
        return gateway.pending();
    }

    /** Only with the dataflow role; it shares the gateway's catalog, which tells it the pipelines' specs. */
    @Produces
    @Singleton
    Optional<Dataflow> dataflow(GatewayConfig config, KafkaClientFactory clients, Catalog catalog, Set<Role> roles,
                                MeterRegistry meters, KafkaTracing tracing) {
        if (!roles.contains(Role.DATAFLOW)) {
            return Optional.empty();
        }
        GatewayConfig.Dataflow dataflow = config.dataflow();
        boolean exactlyOnce = DataflowSettings.exactlyOnce(dataflow.processingGuarantee());
        DataflowSettings settings = new DataflowSettings(dataflow.joinWindow(), exactlyOnce,
                dataflow.commitInterval().orElse(exactlyOnce ? Duration.ofMillis(100) : Duration.ofSeconds(1)),
                Path.of(dataflow.stateDir().orElse(System.getProperty("java.io.tmpdir") + "/seldon-dataflow")),
                DATAFLOW_TICK);
        LOG.infof("pipeline dataflow: %s, join window %s unless a spec says otherwise, commits every %s, state in %s",
                settings.processingGuarantee(), settings.joinWindow(), settings.commitInterval(), settings.stateDir());
        return Optional.of(new Dataflow(clients, catalog, settings, meters, tracing));
    }

    void stop(@Disposes Optional<Dataflow> dataflow) {
        dataflow.ifPresent(Dataflow::close);
    }

    @Produces
    @Singleton
    RecentEvents recentEvents() {
        return new RecentEvents();
    }

    /** The status page's tails of the errors and credentials topics, read without a consumer group. */
    @Produces
    @Singleton
    @Startup
    RecentRecordsReader recentRecords(KafkaClientFactory clients, TopicNames topics, RecentEvents events) {
        RecentRecordsReader reader = new RecentRecordsReader(clients.consumerWithoutGroup(new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)),
                new KafkaErrorExplainer(clients.settings()), topics, events.errors(), events.credentials(),
                RecentEvents.KEPT);
        reader.start();
        return reader;
    }

    void close(@Disposes RecentRecordsReader reader) {
        reader.close();
    }

    @Produces
    @Singleton
    Optional<ServerTls> serverTls(GatewayConfig config) {
        return ServerTls.from(config.tls());
    }

    @Produces
    @Singleton
    AccessSettings accessSettings(GatewayConfig config, Optional<ServerTls> tls) {
        AccessSettings settings = AccessSettings.from(config.auth(), tls);
        LOG.infof("listeners: %s; callers: %s", tls.map(ServerTls::describe).orElse("plain text (no TLS)"),
                settings.describe());
        return settings;
    }

    /** Only with SELDON_WATCH_CRDS=true: without it the Kubernetes client is never created. */
    @Produces
    @Singleton
    @Startup
    Optional<CustomResourceWatcher> customResources(GatewayConfig config, TopicNames topics, Catalog catalog,
                                                    SpecPublisher specs, StorageAllowList storageAllowList,
                                                    Instance<KubernetesClient> kubernetes) {
        if (!config.watchCrds()) {
            return Optional.empty();
        }
        KubernetesClient client = kubernetes.get();
        String namespace = client.getNamespace() == null ? topics.namespace() : client.getNamespace();
        CustomResourceWatcher watcher = new CustomResourceWatcher(client, namespace, catalog, specs, storageAllowList,
                config.crdResync());
        watcher.start();
        return Optional.of(watcher);
    }

    void close(@Disposes Optional<CustomResourceWatcher> watcher) {
        watcher.ifPresent(CustomResourceWatcher::close);
    }
}
