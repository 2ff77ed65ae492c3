package io.seldonmesh.secretsync.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Kafka credential Secrets Seldon Core 2 reads, by the key names it expects (see the managed Kafka
 * guide): a SASL {@code password}; an mTLS client {@code tls.crt}/{@code tls.key} (with {@code ca.crt});
 * a broker CA {@code ca.crt}; the OAuth client secret.
 */
public enum SecretKind {
    SASL_PASSWORD("sasl", "SASL password"),
    CLIENT_TLS("mtls", "mTLS client certificate"),
    BROKER_CA("ca", "broker CA certificate"),
    OAUTH("oauth", "OAuth client credentials");

    /** Set on a source to name its kind when the keys alone would be ambiguous. */
    public static final String KIND_ANNOTATION = "secret-sync.seldon.io/kind";

    private final String annotationValue;
    private final String description;

    SecretKind(String annotationValue, String description) {
        this.annotationValue = annotationValue;
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The values a user may put in {@value #KIND_ANNOTATION}. */
    public static String annotationValues() {
        return Arrays.stream(values()).map(kind -> kind.annotationValue)
                .collect(Collectors.joining(", "));
    }

    /**
     * The kind named by the annotation, else the one its keys suggest: any OAuth key makes it OAuth, a client
     * certificate or key makes it mTLS, a lone {@code ca.crt} a broker CA, a {@code password} SASL.
     *
     * @return empty when the annotation names no kind or no key is recognised
     */
    public static Optional<SecretKind> of(String annotation, SecretData data) {
        if (annotation != null && !annotation.isBlank()) {
            String wanted = annotation.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(kind -> kind.annotationValue.equals(wanted))
                    .findFirst();
        }
        if (OAuthClientCredentials.KEYS.stream().anyMatch(data::has)) {
            return Optional.of(OAUTH);
        }
        if (data.has(SecretShape.TLS_CRT) || data.has(SecretShape.TLS_KEY)) {
            return Optional.of(CLIENT_TLS);
        }
        if (data.has(SecretShape.CA_CRT)) {
            return Optional.of(BROKER_CA);
        }
        if (data.has(SecretShape.PASSWORD)) {
            return Optional.of(SASL_PASSWORD);
        }
        return Optional.empty();
    }
}
