package io.seldonmesh.secretsync.core;

import io.seldonmesh.common.status.CredentialEvent;
import io.seldonmesh.common.status.CredentialEvent.Change;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the replicated sources of successive reconciliations into credential events: ADDED for a source seen for
 * the first time since start-up, MODIFIED when its fingerprint changed, DELETED when it is no longer replicated.
 * A change of resourceVersion alone (a label edit) is not an event: nothing a Kafka client reads changed.
 */
public final class CredentialChanges {

    private final Map<SourceRef, ReplicatedSource> known = new HashMap<>();

    public List<CredentialEvent> next(List<ReplicatedSource> current) {
        List<CredentialEvent> events = new ArrayList<>();
        Map<SourceRef, ReplicatedSource> now = new HashMap<>();
        for (ReplicatedSource source : current) {
            now.put(source.source(), source);
            ReplicatedSource before = known.get(source.source());
            if (before == null) {
                events.add(event(source, Change.ADDED));
            } else if (!before.sha256().equals(source.sha256())) {
                events.add(event(source, Change.MODIFIED));
            }
        }
        known.forEach((ref, before) -> {
            if (!now.containsKey(ref)) {
                events.add(new CredentialEvent(ref.namespace(), ref.name(), before.resourceVersion(), null, Change.DELETED));
            }
        });
        known.clear();
        known.putAll(now);
        return events;
    }

    private static CredentialEvent event(ReplicatedSource source, Change change) {
        return new CredentialEvent(source.source().namespace(), source.source().name(), source.resourceVersion(),
                source.sha256(), change);
    }
}
