package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Secrets and namespaces as the API server would return them. */
public final class Fixtures {

    static final String SOURCE_NAMESPACE = "seldon-mesh";
    static final Map<String, String> SOURCE_LABEL = Map.of("seldon.io/kafka-credential", "true");
    static final Map<String, String> RUNTIME_LABEL = Map.of("seldon.io/runtime", "true");
    static final LabelSelector RUNTIME_SELECTOR = LabelSelector.parse("target selector", "seldon.io/runtime=true");
    /** What secret-sync's defaults select: labelled sources, into seldon-logs and labelled namespaces. */
    static final Selection DEFAULT_SELECTION = new Selection(SOURCE_NAMESPACE, Set.of(),
            LabelSelector.parse("source selector", "seldon.io/kafka-credential=true"), Set.of("seldon-logs"),
            RUNTIME_SELECTOR);

    private Fixtures() {
    }

    static Secret secret(String namespace, String name, Map<String, String> labels, Map<String, String> text) {
        return new SecretBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(new LinkedHashMap<>(labels))
                .withResourceVersion("1").endMetadata()
                .withType("Opaque")
                .withData(SecretData.ofText(text).base64())
                .build();
    }

    static Secret source(String name, Map<String, String> text) {
        return secret(SOURCE_NAMESPACE, name, SOURCE_LABEL, text);
    }

    static Secret sasl(String name, String password) {
        return source(name, Map.of("password", password));
    }

    static Map<String, String> oauthKeys(String endpoint) {
        return oauthKeys(endpoint, "kafka-client", "very-secret-client-secret", "");
    }

    /** A complete Seldon OAuth Secret, in the order Seldon's documentation lists the keys. */
    public static Map<String, String> oauthKeys(String endpoint, String clientId, String clientSecret, String scope) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("method", "OIDC");
        keys.put("client_id", clientId);
        keys.put("client_secret", clientSecret);
        keys.put("token_endpoint_url", endpoint);
        keys.put("extensions", "");
        keys.put("scope", scope);
        return keys;
    }

    static Secret withVersion(Secret secret, String resourceVersion) {
        return new SecretBuilder(secret).editMetadata().withResourceVersion(resourceVersion).endMetadata().build();
    }

    static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(new LinkedHashMap<>(labels))
                .endMetadata().withNewStatus().withPhase("Active").endStatus().build();
    }

    static Namespace namespace(String name) {
        return namespace(name, Map.of());
    }
}
