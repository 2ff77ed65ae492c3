package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/** A source Secret by namespace and name; printed as {@code namespace/name}. */
public record SourceRef(String namespace, String name) implements Comparable<SourceRef> {

    public static SourceRef of(HasMetadata resource) {
        return new SourceRef(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    /** Parses {@code namespace/name}; empty for anything else. */
    public static Optional<SourceRef> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new SourceRef(text.substring(0, slash), text.substring(slash + 1)));
    }

    @Override
    public int compareTo(SourceRef other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
