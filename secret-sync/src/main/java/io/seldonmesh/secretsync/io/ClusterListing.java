package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.seldonmesh.secretsync.core.ClusterSnapshot;
import io.seldonmesh.secretsync.core.ObservedCopy;
import io.seldonmesh.secretsync.core.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The same snapshot as {@link ClusterInformers}, read fresh from the API server: the periodic full resync uses
 * it so that a change a watch missed (a namespace labelled while a watch was broken, a copy deleted by hand)
 * is repaired even when the caches are wrong.
 *
 * <p>Copies are listed {@value #PAGE} at a time and each page summarised before the next is asked for: a Secret
 * may hold up to 1 MiB, so one unpaged list of a large source's copies would need the whole of them in memory at
 * once.
 */
public final class ClusterListing {

    /** Items per list request, for every listing and every watch's initial listing. */
    static final long PAGE = 25;

    private final KubernetesClient client;
    private final String sourceNamespace;

    public ClusterListing(KubernetesClient client, String sourceNamespace) {
        this.client = client;
        this.sourceNamespace = sourceNamespace;
    }

    public ClusterSnapshot snapshot() {
        List<Secret> sourceNamespaceSecrets = new ArrayList<>();
        inPages(options -> client.secrets().inNamespace(sourceNamespace).list(options), sourceNamespaceSecrets::add);
        List<Namespace> namespaces = new ArrayList<>();
        inPages(options -> client.namespaces().list(options), namespaces::add);
        List<ObservedCopy> copies = new ArrayList<>();
        inPages(options -> client.secrets().inAnyNamespace().withLabels(Provenance.copyLabels(sourceNamespace))
                .list(options), copy -> copies.add(ObservedCopy.of(copy)));
        return new ClusterSnapshot(sourceNamespaceSecrets, namespaces, copies);
    }

    /** Lists page by page, handing each item over before the next page is asked for. */
    private static <T extends HasMetadata> void inPages(Function<ListOptions, ? extends KubernetesResourceList<T>> list, Consumer<T> take) {
        String next = null;
        do {
            KubernetesResourceList<T> page = list.apply(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
            page.getItems().forEach(take);
            next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
    }
}
