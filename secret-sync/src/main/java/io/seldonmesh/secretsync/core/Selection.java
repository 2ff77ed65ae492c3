package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which Secrets of the source namespace are sources, and which namespaces receive copies: each by a list of
 * names or a label selector (either may be empty). An object being deleted is selected by neither.
 */
public record Selection(String sourceNamespace, Set<String> sourceNames, LabelSelector sourceSelector,
                        Set<String> targetNamespaces, LabelSelector targetSelector) {

    public static Selection of(SyncSettings settings) {
        return new Selection(settings.sourceNamespace(), settings.sourceNames(), settings.sourceSelector(),
                settings.targetNamespaces(), settings.targetSelector());
    }

    public boolean isSource(HasMetadata secret) {
        return sourceNamespace.equals(secret.getMetadata().getNamespace()) && !beingDeleted(secret)
                && (sourceNames.contains(secret.getMetadata().getName())
                || sourceSelector.matches(secret.getMetadata().getLabels()));
    }

    /** Existing, not terminating, named or labelled, and never the source namespace itself. */
    public SortedSet<String> targets(Collection<Namespace> namespaces) {
        SortedSet<String> targets = new TreeSet<>();
        for (Namespace namespace : namespaces) {
            String name = namespace.getMetadata().getName();
            if (!name.equals(sourceNamespace) && !terminating(namespace)
                    && (targetNamespaces.contains(name) || targetSelector.matches(namespace.getMetadata().getLabels()))) {
                targets.add(name);
            }
        }
        return targets;
    }

    public static boolean terminating(Namespace namespace) {
        return beingDeleted(namespace)
                || (namespace.getStatus() != null && "Terminating".equals(namespace.getStatus().getPhase()));
    }

    private static boolean beingDeleted(HasMetadata resource) {
        return resource.getMetadata().getDeletionTimestamp() != null;
    }
}
