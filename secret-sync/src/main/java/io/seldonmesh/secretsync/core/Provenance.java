package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The labels and annotations that make a Secret secret-sync's own and say where it came from. A Secret
 * without them is someone else's and is never written over.
 *
 * <p>Two labels, so the copies can be listed cheaply: {@value #MANAGED_BY}={@value #MANAGER} and
 * {@value #SOURCE_NAMESPACE_LABEL}=the source namespace (so two installations with different source
 * namespaces never take each other's copies). Annotations, because Secret names can be longer than a
 * label value: {@value #SOURCE}, {@value #SOURCE_RESOURCE_VERSION}, {@value #SOURCE_SHA256}.
 */
public final class Provenance {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "secret-sync";
    public static final String SOURCE_NAMESPACE_LABEL = "secret-sync.seldon.io/source-namespace";
    public static final String SOURCE = "secret-sync.seldon.io/source";
    public static final String SOURCE_RESOURCE_VERSION = "secret-sync.seldon.io/source-resource-version";
    public static final String SOURCE_SHA256 = "secret-sync.seldon.io/source-sha256";

    private Provenance() {
    }

    /** The label selector that lists every copy made from {@code sourceNamespace}. */
    public static Map<String, String> copyLabels(String sourceNamespace) {
        return Map.of(MANAGED_BY, MANAGER, SOURCE_NAMESPACE_LABEL, sourceNamespace);
    }

    /** The copy of {@code source} that should exist in {@code targetNamespace}. */
    public static Secret copyOf(Secret source, SecretData data, String targetNamespace) {
        SourceRef ref = SourceRef.of(source);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SOURCE, ref.toString());
        annotations.put(SOURCE_RESOURCE_VERSION, String.valueOf(source.getMetadata().getResourceVersion()));
        annotations.put(SOURCE_SHA256, data.sha256());
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(targetNamespace)
                .withName(ref.name())
                .withLabels(copyLabels(ref.namespace()))
                .withAnnotations(annotations)
                .endMetadata()
                .withType(source.getType() == null ? "Opaque" : source.getType())
                .withData(data.base64())
                .build();
    }

    /** Whether secret-sync made this Secret as a copy from {@code sourceNamespace}. */
    public static boolean isCopyFrom(Secret secret, String sourceNamespace) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels != null && MANAGER.equals(labels.get(MANAGED_BY))
                && sourceNamespace.equals(labels.get(SOURCE_NAMESPACE_LABEL));
    }

    /** The source a copy records, if it records one. */
    private static Optional<SourceRef> sourceOf(Secret copy) {
        Map<String, String> annotations = copy.getMetadata().getAnnotations();
        return annotations == null ? Optional.empty() : SourceRef.parse(annotations.get(SOURCE));
    }

    /** Whether a copy names {@code source} in its {@value #SOURCE} annotation: with the labels, the whole mark. */
    public static boolean recordsSource(Secret copy, SourceRef source) {
        return sourceOf(copy).filter(source::equals).isPresent();
    }

    /**
     * Whether an existing copy already is the desired one: same type, same data, same provenance. Labels and
     * annotations others add are left alone. An immutable copy can never be brought in line by an update.
     */
    public static boolean inSync(Secret existing, Secret desired) {
        return sameMarksAndType(existing, desired) && sameData(existing, desired);
    }

    /** {@link #inSync(Secret, Secret)} for a copy kept without its data: the fingerprints compare the data. */
    public static boolean inSync(ObservedCopy existing, Secret desired, SecretData desiredData) {
        return sameMarksAndType(existing.secret(), desired) && existing.holds(desiredData.sha256());
    }

    private static boolean sameMarksAndType(Secret existing, Secret desired) {
        if (Boolean.TRUE.equals(existing.getImmutable()) || !sameType(existing, desired)) {
            return false;
        }
        Map<String, String> annotations = existing.getMetadata().getAnnotations();
        Map<String, String> labels = existing.getMetadata().getLabels();
        return labels != null && annotations != null
                && desired.getMetadata().getLabels().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
                && desired.getMetadata().getAnnotations().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(annotations.get(e.getKey())));
    }

    /** A Secret's type cannot change in place: the copy must be deleted and created again. */
    public static boolean needsRecreate(Secret existing, Secret desired) {
        return Boolean.TRUE.equals(existing.getImmutable()) || !sameType(existing, desired);
    }

    /** Who a Secret that is not our copy belongs to, for the conflict message. */
    public static String describeOwner(Secret foreign, String sourceNamespace) {
        Map<String, String> labels = foreign.getMetadata().getLabels();
        String manager = labels == null ? null : labels.get(MANAGED_BY);
        if (MANAGER.equals(manager)) {
            return "a copy made by the secret-sync instance for source namespace "
                    + (labels.get(SOURCE_NAMESPACE_LABEL) == null ? "<unknown>" : labels.get(SOURCE_NAMESPACE_LABEL))
                    + ", not the one for " + sourceNamespace;
        }
        return manager != null ? "managed by " + manager : "not created by secret-sync";
    }

    private static boolean sameType(Secret existing, Secret desired) {
        String type = existing.getType() == null ? "Opaque" : existing.getType();
        return type.equals(desired.getType());
    }

    private static boolean sameData(Secret existing, Secret desired) {
        try {
            return SecretData.of(existing).equals(SecretData.of(desired));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
