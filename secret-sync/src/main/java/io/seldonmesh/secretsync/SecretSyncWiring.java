package io.seldonmesh.secretsync;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.runtime.ServiceProfile;
import io.seldonmesh.secretsync.api.SyncMetrics;
import io.seldonmesh.secretsync.core.ReplicationPlanner;
import io.seldonmesh.secretsync.core.Selection;
import io.seldonmesh.secretsync.core.SyncSettings;
import io.seldonmesh.secretsync.io.ClusterInformers;
import io.seldonmesh.secretsync.io.ClusterListing;
import io.seldonmesh.secretsync.io.CredentialEvents;
import io.seldonmesh.secretsync.io.PassRequests;
import io.seldonmesh.secretsync.io.ProblemEvents;
import io.seldonmesh.secretsync.io.SecretReplicator;
import io.seldonmesh.secretsync.io.SecretWriter;
import io.seldonmesh.secretsync.io.TokenEndpointClient;
import io.seldonmesh.secretsync.io.TokenRefresher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The one place secret-sync is assembled: settings from {@link SecretSyncConfig} (a wrong one stops start-up with one
 * line naming the variable), Kafka clients and topic names from service-runtime, the Kubernetes client from Quarkus.
 */
@ApplicationScoped
public class SecretSyncWiring {

    private static final Logger LOG = Logger.getLogger(SecretSyncWiring.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    private static final Clock CLOCK = Clock.systemUTC();

    @Produces
    @Singleton
    ServiceProfile profile() {
        return new SecretSyncProfile();
    }

    @Produces
    @Singleton
    SyncSettings settings(SecretSyncConfig config) {
        return SyncSettings.from(config);
    }

    @Produces
    @Singleton
    SyncMetrics metrics(MeterRegistry registry) {
        return new SyncMetrics(registry, CLOCK);
    }

    @Produces
    @Singleton
    CredentialEvents credentialEvents(KafkaClientFactory kafka, TopicNames topics, SyncSettings settings,
                                      SyncMetrics metrics) {
        CredentialEvents events = new CredentialEvents(kafka, topics, TopicSettings.from(kafka.settings()),
                KAFKA_TIMEOUT, settings.sourceNamespace(), metrics::credentialEvent);
        events.start();
        return events;
    }

    @Produces
    @Singleton
    PassRequests passRequests() {
        return new PassRequests();
    }

    @Produces
    @Singleton
    TokenRefresher tokenRefresher(SyncSettings settings, PassRequests passes) {
        return new TokenRefresher(settings.refreshSchedule(), new TokenEndpointClient(settings.tokenRequestTimeout(),
                CLOCK), CLOCK, () -> ThreadLocalRandom.current().nextDouble(), passes);
    }

    @Produces
    @Singleton
    @Startup
    SecretReplicator replicator(SyncSettings settings, SecretSyncConfig config, KubernetesClient client,
                                TokenRefresher tokens, CredentialEvents events, SyncMetrics metrics,
                                PassRequests passes, TopicNames topics) {
        String sourceNamespace = settings.sourceNamespace();
        SecretReplicator replicator = new SecretReplicator(new ReplicationPlanner(Selection.of(settings)),
                new ClusterInformers(client, sourceNamespace, passes), new ClusterListing(client, sourceNamespace),
                new SecretWriter(client, sourceNamespace), new ProblemEvents(client, CLOCK, config.instance()), tokens,
                events, metrics, CLOCK, settings.resyncInterval());
        passes.answeredBy(replicator::requestPass);
        LOG.infof("replicating Secrets of %s selected by %s%s into %s and namespaces matching %s; full resync every"
                        + " %ss; credential events on %s",
                sourceNamespace, settings.sourceSelector(),
                settings.sourceNames().isEmpty() ? "" : " or named " + settings.sourceNames(),
                settings.targetNamespaces(), settings.targetSelector(), settings.resyncInterval().toSeconds(),
                topics.controlCredentials());
        replicator.start();
        return replicator;
    }

    /** The replicator first, so that nothing asks the refresher or the credential events for work once stopped. */
    void stop(@Observes ShutdownEvent stopping, SecretReplicator replicator, TokenRefresher tokens,
              CredentialEvents events) {
        replicator.close();
        tokens.close();
        events.close();
    }
}
