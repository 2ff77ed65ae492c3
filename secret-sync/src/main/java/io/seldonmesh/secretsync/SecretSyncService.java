package io.seldonmesh.secretsync;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.ServiceEnvironment;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.secretsync.core.ReplicationPlanner;
import io.seldonmesh.secretsync.core.Selection;
import io.seldonmesh.secretsync.core.SyncSettings;
import io.seldonmesh.secretsync.io.ClusterInformers;
import io.seldonmesh.secretsync.io.ClusterListing;
import io.seldonmesh.secretsync.io.CredentialEvents;
import io.seldonmesh.secretsync.io.ProblemEvents;
import io.seldonmesh.secretsync.io.SecretWriter;
import io.seldonmesh.secretsync.io.TokenEndpointClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Builds secret-sync from its settings at start-up and stops it at shutdown. A wrong setting stops start-up
 * with one line naming the variable.
 */
@ApplicationScoped
public class SecretSyncService {

    private static final Logger LOG = Logger.getLogger(SecretSyncService.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    KubernetesClient client;
    @Inject
    MeterRegistry registry;
    @Inject
    Config config;

    private final List<ScheduledExecutorService> executors = new ArrayList<>();
    private SecretReplicator replicator;
    private TokenRefresher refresher;
    private CredentialEvents credentialEvents;

    void start(@Observes StartupEvent event) {
        Map<String, String> environment = ServiceEnvironment.from(config);
        SyncSettings settings = SyncSettings.from(environment);
        SeldonKafkaSettings kafkaSettings = SeldonKafkaSettings.fromEnvironment(environment);
        SeldonKafkaSettings.applyJvmNetworkSettings(environment);
        TopicNames topics = TopicNames.from(kafkaSettings);
        Clock clock = Clock.systemUTC();
        SyncMetrics metrics = new SyncMetrics(registry, clock);

        credentialEvents = new CredentialEvents(new KafkaClientFactory(kafkaSettings), topics,
                TopicSettings.from(kafkaSettings), KAFKA_TIMEOUT, executor("secret-sync-kafka"), metrics::credentialEvent);

        ScheduledExecutorService reconciler = executor("secret-sync-reconciler");
        ReplicationPlanner planner = new ReplicationPlanner(Selection.of(settings));
        refresher = new TokenRefresher(settings.refreshSchedule(),
                new TokenEndpointClient(settings.tokenRequestTimeout(), clock), clock,
                () -> ThreadLocalRandom.current().nextDouble(), executor("secret-sync-tokens"),
                this::requestPass);
        replicator = new SecretReplicator(planner,
                new ClusterInformers(client, settings.sourceNamespace(), this::requestPass),
                new ClusterListing(client, settings.sourceNamespace()),
                new SecretWriter(client, settings.sourceNamespace()),
                new ProblemEvents(client, clock, environment.getOrDefault("HOSTNAME", "secret-sync")),
                refresher, credentialEvents, metrics, clock, reconciler, settings.resyncInterval());

        LOG.infof("replicating Secrets of %s selected by %s%s into %s and namespaces matching %s; full resync every %ss;"
                        + " credential events on %s",
                settings.sourceNamespace(), settings.sourceSelector(),
                settings.sourceNames().isEmpty() ? "" : " or named " + settings.sourceNames(),
                settings.targetNamespaces(), settings.targetSelector(), settings.resyncInterval().toSeconds(),
                topics.controlCredentials());
        credentialEvents.start();
        replicator.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (replicator != null) {
            replicator.stop();
        }
        if (refresher != null) {
            refresher.stop();
        }
        executors.forEach(ScheduledExecutorService::shutdownNow);
        if (credentialEvents != null) {
            credentialEvents.close();
        }
    }

    private void requestPass() {
        if (replicator != null) {
            replicator.requestPass();
        }
    }

    public SecretReplicator replicator() {
        return replicator;
    }

    public TokenRefresher refresher() {
        return refresher;
    }

    public CredentialEvents credentialEvents() {
        return credentialEvents;
    }

    private ScheduledExecutorService executor(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executors.add(executor);
        return executor;
    }
}
