package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;

/**
 * What the cluster looks like, as far as secret-sync cares: every Secret in the source namespace (sources and
 * the token Secrets), every namespace, and every copy (Secrets labelled as copies from the source namespace), the
 * copies without their data ({@link ObservedCopy}).
 */
public record ClusterSnapshot(List<Secret> sourceNamespaceSecrets, List<Namespace> namespaces, List<ObservedCopy> copies) {

    public ClusterSnapshot {
        sourceNamespaceSecrets = List.copyOf(sourceNamespaceSecrets);
        namespaces = List.copyOf(namespaces);
        copies = List.copyOf(copies);
    }
}
