package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.secretsync.api.SyncMetrics;
import io.seldonmesh.secretsync.core.LabelSelector;
import io.seldonmesh.secretsync.core.Provenance;
import io.seldonmesh.secretsync.core.RefreshSchedule;
import io.seldonmesh.secretsync.core.ReplicationPlanner;
import io.seldonmesh.secretsync.core.SecretData;
import io.seldonmesh.secretsync.core.Selection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation loop against the mock API server with a resync interval of an hour, so what happens here
 * happens because a watch saw it. Kafka is never reached: credential events wait for a topic read that never starts.
 */
@EnableKubernetesMockClient(crud = true)
class SecretReplicatorTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final Selection SELECTION = new Selection("seldon-mesh", Set.of(),
            LabelSelector.parse("source selector", "seldon.io/kafka-credential=true"), Set.of("seldon-logs"),
            LabelSelector.parse("target selector", "seldon.io/runtime=true"));

    KubernetesClient client;
    private SecretReplicator replicator;
    private TokenRefresher tokens;
    private CredentialEvents events;

    @AfterEach
    void stop() {
        replicator.close();
        tokens.close();
        events.close();
    }

    private void start() {
        PassRequests passes = new PassRequests();
        tokens = new TokenRefresher(new RefreshSchedule(0.8, 0.1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1)), new TokenEndpointClient(Duration.ofSeconds(1), CLOCK), CLOCK, () -> 0.5, passes);
        events = new CredentialEvents(KafkaClientFactory.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9")),
                TopicNames.of("seldon", "seldon-mesh"), new TopicSettings(1, 1), Duration.ofSeconds(1), "seldon-mesh",
                outcome -> { });
        replicator = new SecretReplicator(new ReplicationPlanner(SELECTION),
                new ClusterInformers(client, "seldon-mesh", passes), new ClusterListing(client, "seldon-mesh"),
                new SecretWriter(client, "seldon-mesh"), new ProblemEvents(client, CLOCK, "test"), tokens, events,
                new SyncMetrics(new SimpleMeterRegistry(), CLOCK), CLOCK, Duration.ofHours(1));
        passes.answeredBy(replicator::requestPass);
        replicator.start();
    }

    @Test
    void deletingTheForeignSecretOfAConflictGetsTheCopyWrittenWithinASecond() {
        namespace("seldon-mesh");
        namespace("seldon-logs");
        client.secrets().inNamespace("seldon-logs").resource(new SecretBuilder().withNewMetadata().withName("kafka-sasl")
                .withLabels(Map.of(Provenance.MANAGED_BY, "Helm")).endMetadata()
                .withData(SecretData.ofText(Map.of("password", "helm")).base64()).build()).create();
        client.secrets().inNamespace("seldon-mesh").resource(new SecretBuilder().withNewMetadata().withName("kafka-sasl")
                .withLabels(Map.of("seldon.io/kafka-credential", "true")).endMetadata()
                .withData(SecretData.ofText(Map.of("password", "source")).base64()).build()).create();
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.v1().events().inNamespace("seldon-mesh").list().getItems()
                .stream().anyMatch(event -> "CopyConflict".equals(event.getReason())));

        client.secrets().inNamespace("seldon-logs").withName("kafka-sasl").delete();

        await().atMost(Duration.ofMillis(1500)).until(() -> copy().filter(secret ->
                SecretData.of(secret).text("password").filter("source"::equals).isPresent()).isPresent());
        assertThat(copy().orElseThrow().getMetadata().getLabels()).containsEntry(Provenance.MANAGED_BY, Provenance.MANAGER);
    }

    private Optional<Secret> copy() {
        return Optional.ofNullable(client.secrets().inNamespace("seldon-logs").withName("kafka-sasl").get());
    }

    private void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
}
