package io.seldonmesh.bench.startup;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The Kubernetes API secret-sync needs to become ready, as the local stack provides it: the Fabric8 mock server in
 * CRUD mode in this JVM on 127.0.0.1, holding Seldon's namespace with one SASL password Secret to replicate, the logs
 * namespace and one runtime namespace. A SASL Secret rather than the stack's OAuth one: readiness then waits for one
 * real replication pass but not for a token server.
 */
final class KubernetesStandIn implements AutoCloseable {

    private static final String SOURCE_NAMESPACE = "seldon-mesh";
    private static final String LOGS_NAMESPACE = "seldon-logs";
    private static final String SOURCE_LABEL = "seldon.io/kafka-credential";
    private static final String RUNTIME_LABEL = "seldon.io/runtime";

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private KubernetesStandIn(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    static KubernetesStandIn start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesStandIn api = new KubernetesStandIn(server);
        api.seed();
        return api;
    }

    /**
     * secret-sync's settings for this API and layout: neither kubeconfig nor service account is read, so no real
     * cluster's credentials are picked up.
     */
    Map<String, String> secretSyncEnvironment() {
        return Map.of(
                "KUBERNETES_MASTER", "http://127.0.0.1:" + server.getPort(),
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
                "SECRET_SYNC_SOURCE_NAMESPACE", SOURCE_NAMESPACE,
                "SECRET_SYNC_SOURCE_SELECTOR", SOURCE_LABEL + "=true",
                "SECRET_SYNC_TARGET_NAMESPACES", LOGS_NAMESPACE,
                "SECRET_SYNC_TARGET_SELECTOR", RUNTIME_LABEL + "=true");
    }

    private void seed() {
        namespace(SOURCE_NAMESPACE, Map.of());
        namespace(LOGS_NAMESPACE, Map.of());
        namespace("team-a", Map.of(RUNTIME_LABEL, "true"));
        // data, not stringData: converting stringData is the real API server's job, which the mock does not do
        String password = Base64.getEncoder().encodeToString("bench-password".getBytes(StandardCharsets.UTF_8));
        client.secrets().inNamespace(SOURCE_NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName("kafka-sasl").withLabels(Map.of(SOURCE_LABEL, "true")).endMetadata()
                .withType("Opaque").withData(Map.of("password", password)).build()).create();
    }

    private void namespace(String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
