package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret {@code <source>-token} secret-sync keeps next to an OAuth source: {@value #TOKEN} (the access
 * token) and {@value #EXPIRES_AT} (RFC 3339, UTC). It is marked with {@link Provenance#MANAGED_BY} and
 * {@value #TOKEN_FOR} and then replicated like any other source.
 */
public final class TokenSecret {

    public static final String TOKEN = "token";
    public static final String EXPIRES_AT = "expires_at";
    public static final String SUFFIX = "-token";
    public static final String TOKEN_FOR = "secret-sync.seldon.io/token-for";
    public static final String OBTAINED_AT = "secret-sync.seldon.io/obtained-at";

    private TokenSecret() {
    }

    public static String nameFor(String sourceName) {
        return sourceName + SUFFIX;
    }

    public static Secret desired(SourceRef source, IssuedToken token) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(TOKEN_FOR, source.name());
        annotations.put(OBTAINED_AT, DateTimeFormatter.ISO_INSTANT.format(token.obtainedAt()));
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(source.namespace())
                .withName(nameFor(source.name()))
                .withLabels(Map.of(Provenance.MANAGED_BY, Provenance.MANAGER))
                .withAnnotations(annotations)
                .endMetadata()
                .withType("Opaque")
                .withData(SecretData.ofText(Map.of(TOKEN, token.value(),
                        EXPIRES_AT, DateTimeFormatter.ISO_INSTANT.format(token.expiresAt()))).base64())
                .build();
    }

    /** The source name this Secret holds the token of, when secret-sync made it. */
    public static Optional<String> tokenFor(Secret secret) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        if (labels == null || annotations == null || !Provenance.MANAGER.equals(labels.get(Provenance.MANAGED_BY))) {
            return Optional.empty();
        }
        return Optional.ofNullable(annotations.get(TOKEN_FOR));
    }
}
