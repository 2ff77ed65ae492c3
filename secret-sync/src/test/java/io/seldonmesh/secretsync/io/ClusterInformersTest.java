package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.seldonmesh.secretsync.core.ClusterSnapshot;
import io.seldonmesh.secretsync.core.Provenance;
import io.seldonmesh.secretsync.core.SecretData;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClusterInformersTest {

    KubernetesClient client;

    private void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    private Secret secret(String namespace, String name, Map<String, String> labels) {
        return client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withData(SecretData.ofText(Map.of("password", "p")).base64()).build()).create();
    }

    @Test
    void cachesHoldSourcesNamespacesAndOnlyOurCopies() {
        namespace("seldon-mesh");
        namespace("team-a");
        Secret source = secret("seldon-mesh", "kafka-sasl", Map.of("seldon.io/kafka-credential", "true"));
        client.secrets().inNamespace("team-a").resource(Provenance.copyOf(source, SecretData.of(source), "team-a")).create();
        secret("team-a", "someone-elses", Map.of());
        secret("team-a", "other-installation", Provenance.copyLabels("elsewhere"));

        AtomicInteger changes = new AtomicInteger();
        try (ClusterInformers informers = new ClusterInformers(client, "seldon-mesh", changes::incrementAndGet)) {
            informers.start();
            await().atMost(Duration.ofSeconds(10)).until(informers::synced);
            ClusterSnapshot snapshot = informers.snapshot();
            assertThat(snapshot.sourceNamespaceSecrets()).extracting(s -> s.getMetadata().getName()).containsExactly("kafka-sasl");
            assertThat(snapshot.namespaces()).extracting(n -> n.getMetadata().getName()).contains("seldon-mesh", "team-a");
            assertThat(snapshot.copies()).extracting(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
                    .containsExactly("team-a/kafka-sasl");

            int before = changes.get();
            namespace("team-b");
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > before);
            await().atMost(Duration.ofSeconds(10)).until(() -> informers.snapshot().namespaces().size() == 3);
        }
    }

    @Test
    void listingGivesTheSameViewWithoutWatches() {
        namespace("seldon-mesh");
        secret("seldon-mesh", "kafka-sasl", Map.of());
        secret("team-a", "someone-elses", Map.of());
        ClusterSnapshot snapshot = new ClusterListing(client, "seldon-mesh").snapshot();
        assertThat(snapshot.sourceNamespaceSecrets()).hasSize(1);
        assertThat(snapshot.copies()).isEmpty();
    }
}
