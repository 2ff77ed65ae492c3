package io.seldonmesh.secretsync.core;

import io.seldonmesh.common.status.CredentialEvent;
import io.seldonmesh.common.status.CredentialEvent.Change;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what the credentials topic last said about each source with the sources of a reconciliation, and
 * gives the events that make the topic true again: ADDED for a source not announced, MODIFIED when its fingerprint
 * changed (or it became valid again), INVALID when it is held (its copies keep the last good data, whose
 * fingerprint the event carries), DELETED when it is neither replicated nor held. A change of resourceVersion
 * alone (a label edit) is not an event: nothing a Kafka client reads changed.
 */
public final class CredentialChanges {

    /** The last event of each source that is not DELETED: what the topic says now. */
    private final Map<SourceRef, CredentialEvent> announced = new HashMap<>();

    public List<CredentialEvent> next(List<ReplicatedSource> replicated, List<HeldSource> held) {
        List<CredentialEvent> events = new ArrayList<>();
        Set<SourceRef> present = new HashSet<>();
        for (ReplicatedSource source : replicated) {
            present.add(source.source());
            CredentialEvent before = announced.get(source.source());
            if (before == null) {
                events.add(event(source.source(), source.resourceVersion(), source.sha256(), Change.ADDED));
            } else if (before.event() == Change.INVALID || !source.sha256().equals(before.sha256())) {
                events.add(event(source.source(), source.resourceVersion(), source.sha256(), Change.MODIFIED));
            }
        }
        for (HeldSource source : held) {
            present.add(source.source());
            CredentialEvent before = announced.get(source.source());
            if (before == null || before.event() != Change.INVALID) {
                String keptFingerprint = before == null ? null : before.sha256();
                events.add(event(source.source(), source.resourceVersion(), keptFingerprint, Change.INVALID));
            }
        }
        for (CredentialEvent before : List.copyOf(announced.values())) {
            SourceRef ref = new SourceRef(before.namespace(), before.name());
            if (!present.contains(ref)) {
                events.add(event(ref, before.resourceVersion(), null, Change.DELETED));
            }
        }
        events.forEach(this::remember);
        return events;
    }

    /** Takes an event as what the topic says about its source now (one read back from the topic, or just sent). */
    public void remember(CredentialEvent event) {
        SourceRef ref = new SourceRef(event.namespace(), event.name());
        if (event.event() == Change.DELETED) {
            announced.remove(ref);
        } else {
            announced.put(ref, event);
        }
    }

    private static CredentialEvent event(SourceRef source, String resourceVersion, String sha256, Change change) {
        return new CredentialEvent(source.namespace(), source.name(), resourceVersion, sha256, change);
    }
}
