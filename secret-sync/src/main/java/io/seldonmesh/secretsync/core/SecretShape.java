package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.Secret;
import io.seldonmesh.secretsync.core.PemMaterial.PemProblem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a source Secret holds what Seldon Core 2 will read from it, so a typo is reported at the
 * source instead of surfacing later as a Kafka authentication failure in every namespace.
 */
public final class SecretShape {

    public static final String PASSWORD = "password";
    public static final String TLS_CRT = "tls.crt";
    public static final String TLS_KEY = "tls.key";
    public static final String CA_CRT = "ca.crt";

    private static final String SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";

    private SecretShape() {
    }

    public static Validity check(Secret secret) {
        SecretData data;
        try {
            data = SecretData.of(secret);
        } catch (IllegalArgumentException e) {
            return new Validity(Optional.empty(), List.of(e.getMessage()));
        }
        if (SERVICE_ACCOUNT_TOKEN.equals(secret.getType())) {
            return new Validity(Optional.empty(), List.of("a " + SERVICE_ACCOUNT_TOKEN
                    + " Secret belongs to its namespace's service account and cannot be copied"));
        }
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        String annotation = annotations == null ? null : annotations.get(SecretKind.KIND_ANNOTATION);
        Optional<SecretKind> kind = SecretKind.of(annotation, data);
        if (kind.isEmpty()) {
            String problem = annotation != null && !annotation.isBlank()
                    ? SecretKind.KIND_ANNOTATION + " is '" + annotation + "'; use one of " + SecretKind.annotationValues()
                    : "its keys " + data.keys() + " match no Kafka credential Seldon reads (password; tls.crt and tls.key; "
                    + "ca.crt; the OAuth keys " + String.join(", ", OAuthClientCredentials.KEYS) + ")";
            return new Validity(Optional.empty(), List.of(problem));
        }
        return new Validity(kind, problems(kind.get(), data));
    }

    private static List<String> problems(SecretKind kind, SecretData data) {
        List<String> problems = new ArrayList<>();
        switch (kind) {
            case SASL_PASSWORD -> {
                if (data.text(PASSWORD).filter(password -> !password.isBlank()).isEmpty()) {
                    problems.add(data.has(PASSWORD) ? "password is empty"
                            : "missing key password (Seldon reads the SASL password from exactly this key)");
                }
            }
            case CLIENT_TLS -> clientTlsProblems(data, problems);
            case BROKER_CA -> certificateProblem(data, CA_CRT, true).ifPresent(problems::add);
            case OAUTH -> problems.addAll(OAuthClientCredentials.problems(data));
        }
        return problems;
    }

    private static void clientTlsProblems(SecretData data, List<String> problems) {
        List<X509Certificate> chain = null;
        PrivateKey key = null;
        try {
            chain = PemMaterial.certificates(TLS_CRT, required(data, TLS_CRT));
        } catch (PemProblem e) {
            problems.add(e.getMessage());
        }
        try {
            key = PemMaterial.privateKey(TLS_KEY, required(data, TLS_KEY));
        } catch (PemProblem e) {
            problems.add(e.getMessage());
        }
        certificateProblem(data, CA_CRT, false).ifPresent(problems::add);
        if (chain != null && key != null) {
            try {
                if (!PemMaterial.matches(key, chain.get(0))) {
                    problems.add("tls.key does not belong to the first certificate in tls.crt (subject "
                            + chain.get(0).getSubjectX500Principal().getName() + ")");
                }
            } catch (PemProblem e) {
                problems.add(e.getMessage());
            }
        }
    }

    private static Optional<String> certificateProblem(SecretData data, String key, boolean required) {
        if (!data.has(key) && !required) {
            return Optional.empty();
        }
        try {
            PemMaterial.certificates(key, required(data, key));
            return Optional.empty();
        } catch (PemProblem e) {
            return Optional.of(e.getMessage());
        }
    }

    private static byte[] required(SecretData data, String key) throws PemProblem {
        return data.bytes(key).orElseThrow(() -> new PemProblem("missing key " + key));
    }
}
