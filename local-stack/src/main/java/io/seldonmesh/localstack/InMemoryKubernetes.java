package io.seldonmesh.localstack;

import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A stand-in for the Kubernetes API, since there is no cluster here: the Fabric8 mock server in
 * CRUD mode, in this JVM, over plain HTTP on 127.0.0.1. It stores what it is sent and serves
 * get, list, watch, create, update and delete with label selectors — what secret-sync needs — but
 * it is memory, not a cluster: no admission, no RBAC, no controllers, gone when the stack stops.
 */
final class InMemoryKubernetes implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private InMemoryKubernetes(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    static InMemoryKubernetes start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new InMemoryKubernetes(server);
    }

    /** {@code http://127.0.0.1:<port>}, the API server URL a client is given. */
    URI apiServer() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort());
    }

    /** A client of this API, for seeding it and for looking at what secret-sync did. */
    KubernetesClient client() {
        return client;
    }

    /**
     * How a Quarkus service (quarkus-kubernetes-client) talks to this API instead of any cluster the
     * user's environment points at: the API URL, and neither kubeconfig nor service account is read,
     * so no real cluster's credentials are picked up and sent here.
     */
    Map<String, String> clientEnvironment() {
        return Map.of(
                "KUBERNETES_MASTER", apiServer().toString(),
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    @Override
    public String toString() {
        return apiServer() + " (Fabric8 mock server, in memory: not a cluster)";
    }
}
