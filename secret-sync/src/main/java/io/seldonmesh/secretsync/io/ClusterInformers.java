package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.seldonmesh.secretsync.core.ClusterSnapshot;
import io.seldonmesh.secretsync.core.Provenance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Three watches, kept open (Fabric8 re-lists and re-watches after a dropped connection): the Secrets of the
 * source namespace, all namespaces, and the copies (selected by label, so foreign Secrets never enter this
 * process's memory; cached without their data, {@link ObservedCopyStore}). Any change asks for a reconciliation;
 * the caches answer it. Their listings come in pages, as {@link ClusterListing}'s do.
 *
 * <p>Besides, one watch per conflict on the foreign Secret standing where a copy should be (by namespace and
 * name, so only that Secret): its deletion, the fix the CopyConflict Event asks for, would otherwise be seen only at
 * the next full resync, leaving the namespace without its credential until then.
 */
public final class ClusterInformers implements AutoCloseable {

    private final KubernetesClient client;
    private final String sourceNamespace;
    private final Runnable onChange;
    private SharedIndexInformer<Secret> sources;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<Secret> copies;
    private final ObservedCopyStore copyStore = new ObservedCopyStore();
    private final Map<String, SharedIndexInformer<Secret>> conflicts = new HashMap<>();
    private boolean closed;

    public ClusterInformers(KubernetesClient client, String sourceNamespace, Runnable onChange) {
        this.client = client;
        this.sourceNamespace = sourceNamespace;
        this.onChange = onChange;
    }

    /** Starts the watches; returns at once, {@link #synced()} says when the first listing arrived. */
    public void start() {
        sources = client.secrets().inNamespace(sourceNamespace).withLimit(ClusterListing.PAGE).inform(handler(), 0);
        namespaces = client.namespaces().withLimit(ClusterListing.PAGE).inform(handler(), 0);
        copies = client.secrets().inAnyNamespace().withLabels(Provenance.copyLabels(sourceNamespace))
                .withLimit(ClusterListing.PAGE).runnableInformer(0)
                .itemStore(copyStore)
                .addEventHandler(handler());
        copies.start();
    }

    public boolean synced() {
        return all().allMatch(informer -> informer != null && informer.hasSynced());
    }

    /** Whether every watch is open now (false while one reconnects). */
    public boolean watching() {
        return all().allMatch(informer -> informer != null && informer.isWatching());
    }

    /**
     * Watches exactly the Secrets at these places ({@code namespace/name}), and stops watching the ones no longer
     * named. The watches are not part of the snapshot: a pass reads the conflicting Secret when its create fails.
     */
    public synchronized void followConflicts(Set<String> places) {
        if (closed) {
            return;
        }
        conflicts.entrySet().removeIf(watched -> {
            if (places.contains(watched.getKey())) {
                return false;
            }
            watched.getValue().close();
            return true;
        });
        for (String place : places) {
            int slash = place.indexOf('/');
            conflicts.computeIfAbsent(place, key -> client.secrets().inNamespace(place.substring(0, slash))
                    .withName(place.substring(slash + 1)).inform(handler(), 0));
        }
    }

    public ClusterSnapshot snapshot() {
        return new ClusterSnapshot(items(sources), items(namespaces), copyStore.copies());
    }

    @Override
    public synchronized void close() {
        closed = true;
        all().filter(informer -> informer != null).forEach(SharedIndexInformer::close);
        conflicts.values().forEach(SharedIndexInformer::close);
        conflicts.clear();
    }

    private Stream<SharedIndexInformer<?>> all() {
        return Stream.of(sources, namespaces, copies);
    }

    private static <T> List<T> items(SharedIndexInformer<T> informer) {
        return informer == null ? List.of() : informer.getStore().list();
    }

    private <T> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T added) {
                onChange.run();
            }

            @Override
            public void onUpdate(T before, T after) {
                onChange.run();
            }

            @Override
            public void onDelete(T deleted, boolean finalStateUnknown) {
                onChange.run();
            }
        };
    }
}
