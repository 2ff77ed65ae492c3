package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.seldonmesh.secretsync.core.ClusterSnapshot;
import io.seldonmesh.secretsync.core.Provenance;

/**
 * The same snapshot as {@link ClusterInformers}, read fresh from the API server: the periodic full resync uses
 * it so that a change a watch missed (a namespace labelled while a watch was broken, a copy deleted by hand)
 * is repaired even when the caches are wrong.
 */
public final class ClusterListing {

    private final KubernetesClient client;
    private final String sourceNamespace;

    public ClusterListing(KubernetesClient client, String sourceNamespace) {
        this.client = client;
        this.sourceNamespace = sourceNamespace;
    }

    public ClusterSnapshot snapshot() {
        return new ClusterSnapshot(
                client.secrets().inNamespace(sourceNamespace).list().getItems(),
                client.namespaces().list().getItems(),
                client.secrets().inAnyNamespace().withLabels(Provenance.copyLabels(sourceNamespace)).list().getItems());
    }
}
