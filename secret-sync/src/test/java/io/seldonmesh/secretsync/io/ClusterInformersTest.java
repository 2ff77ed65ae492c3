package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.seldonmesh.secretsync.PagingKubernetesDispatcher;
import io.seldonmesh.secretsync.core.ClusterSnapshot;
import io.seldonmesh.secretsync.core.Provenance;
import io.seldonmesh.secretsync.core.SecretData;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
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
            assertThat(snapshot.copies()).extracting(copy -> copy.namespace() + "/" + copy.name())
                    .containsExactly("team-a/kafka-sasl");
            // kept without their data: its fingerprint is enough to compare with the source
            assertThat(snapshot.copies().get(0).secret().getData()).isNullOrEmpty();
            assertThat(snapshot.copies().get(0).holds(SecretData.of(source).sha256())).isTrue();

            int before = changes.get();
            namespace("team-b");
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > before);
            await().atMost(Duration.ofSeconds(10)).until(() -> informers.snapshot().namespaces().size() == 3);
        }
    }

    @Test
    void listingAsksForPagesAndKeepsCopiesWithoutTheirData() {
        PagingKubernetesDispatcher paging = new PagingKubernetesDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), paging, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient pagedClient = server.createClient()) {
            pagedClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("seldon-mesh").endMetadata()
                    .build()).create();
            Secret source = pagedClient.secrets().inNamespace("seldon-mesh").resource(new SecretBuilder().withNewMetadata()
                    .withName("kafka-sasl").endMetadata().withData(SecretData.ofText(Map.of("password", "p")).base64())
                    .build()).create();
            int copies = 60;
            for (int i = 0; i < copies; i++) {
                String namespace = "team-" + i;
                pagedClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                        .build()).create();
                pagedClient.secrets().inNamespace(namespace).resource(Provenance.copyOf(source, SecretData.of(source),
                        namespace)).create();
            }

            ClusterSnapshot snapshot = new ClusterListing(pagedClient, "seldon-mesh").snapshot();

            assertThat(snapshot.copies()).hasSize(copies).allSatisfy(copy -> {
                assertThat(copy.secret().getData()).isNullOrEmpty();
                assertThat(copy.holds(SecretData.of(source).sha256())).isTrue();
            });
            assertThat(snapshot.namespaces()).hasSize(copies + 1);
            // 61 namespaces and 60 copies in pages of 25: 3 + 3, and the source namespace's one
            assertThat(paging.pagedLists()).isEqualTo(7);
        } finally {
            server.destroy();
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
