import java.net.InetAddress;
import java.util.HashMap;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The compose stack's stand-in for the Kubernetes API that secret-sync works against, the same one ./run-local
 * uses (local-stack's InMemoryKubernetes): Fabric8's mock server in CRUD mode, plain HTTP on :6443, namespaces
 * and Secrets (get, list, watch, create, update, delete, label selectors) in memory only. Not a cluster: no
 * RBAC, no admission, no controllers, gone when the container stops. demo-init seeds it with curl.
 */
public final class KubernetesApiStandIn {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("KUBE_API_PORT", "6443"));
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName("0.0.0.0"), port);
        System.out.println("Kubernetes API stand-in (Fabric8 mock server, CRUD, in memory) on http://0.0.0.0:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
        Thread.currentThread().join();
    }
}
