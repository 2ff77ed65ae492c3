package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Objects;

/**
 * A copy as secret-sync keeps it in memory: the Secret without its data, and the fingerprint of that data. What a
 * plan needs from a copy is whether its data is the source's (the fingerprints say), its marks, its type and
 * resourceVersion; never the bytes. A source near Kubernetes' 1 MiB limit copied into 500 namespaces is half a
 * gigabyte of data, which the watch cache and each full listing would otherwise hold.
 *
 * @param secret the copy's metadata, type and immutability; {@code data} and {@code stringData} are left out
 * @param dataSha256 {@link SecretData#sha256()} of the data the copy holds; {@code null} if that data could not be
 *                   read (not base64), which no source's fingerprint matches
 */
public record ObservedCopy(Secret secret, String dataSha256) {

    public ObservedCopy {
        Objects.requireNonNull(secret);
    }

    /** Summarises a Secret as read from the API server; keeps nothing of its values. */
    public static ObservedCopy of(Secret read) {
        ObjectMeta metadata = new ObjectMetaBuilder(read.getMetadata()).withManagedFields().build();
        Secret withoutData = new SecretBuilder()
                .withMetadata(metadata)
                .withType(read.getType())
                .withImmutable(read.getImmutable())
                .build();
        return new ObservedCopy(withoutData, fingerprint(read));
    }

    /** Whether the copy's data is exactly the data with this fingerprint. */
    public boolean holds(String sha256) {
        return sha256.equals(dataSha256);
    }

    public String namespace() {
        return secret.getMetadata().getNamespace();
    }

    public String name() {
        return secret.getMetadata().getName();
    }

    private static String fingerprint(Secret read) {
        try {
            return SecretData.of(read).sha256();
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
