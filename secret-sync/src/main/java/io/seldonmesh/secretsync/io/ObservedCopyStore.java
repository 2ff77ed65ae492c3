package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.seldonmesh.secretsync.core.ObservedCopy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The copies watch's cache, holding each copy as an {@link ObservedCopy}: every Secret the watch delivers is
 * summarised as it arrives and its data dropped, so memory grows with the number of copies, not with their size.
 * The informer and its handlers get the Secrets without data; nothing here needs more.
 */
final class ObservedCopyStore implements ItemStore<Secret> {

    private final Map<String, ObservedCopy> copies = new ConcurrentHashMap<>();

    List<ObservedCopy> copies() {
        return List.copyOf(copies.values());
    }

    @Override
    public String getKey(Secret secret) {
        return Cache.metaNamespaceKeyFunc(secret);
    }

    @Override
    public Secret put(String key, Secret secret) {
        return secretOf(copies.put(key, ObservedCopy.of(secret)));
    }

    @Override
    public Secret remove(String key) {
        return secretOf(copies.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return copies.keySet().stream();
    }

    @Override
    public Stream<Secret> values() {
        return copies.values().stream().map(ObservedCopy::secret);
    }

    @Override
    public int size() {
        return copies.size();
    }

    @Override
    public Secret get(String key) {
        return secretOf(copies.get(key));
    }

    private static Secret secretOf(ObservedCopy copy) {
        return copy == null ? null : copy.secret();
    }
}
