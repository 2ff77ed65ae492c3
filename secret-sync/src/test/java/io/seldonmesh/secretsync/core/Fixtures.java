package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Secrets and namespaces as the API server would return them. */
final class Fixtures {

    static final String SOURCE_NAMESPACE = "seldon-mesh";
    static final Map<String, String> SOURCE_LABEL = Map.of("seldon.io/kafka-credential", "true");
    static final Map<String, String> RUNTIME_LABEL = Map.of("seldon.io/runtime", "true");

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
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("method", "OIDC");
        keys.put("client_id", "kafka-client");
        keys.put("client_secret", "very-secret-client-secret");
        keys.put("token_endpoint_url", endpoint);
        keys.put("extensions", "");
        keys.put("scope", "");
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
