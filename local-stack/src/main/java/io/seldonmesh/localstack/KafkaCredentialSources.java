package io.seldonmesh.localstack;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.seldonmesh.testkit.OAuthServer;

/**
 * What secret-sync finds when it starts: Seldon's namespace holding a Kafka credential Secret,
 * Seldon's logs namespace, and one runtime namespace labelled to receive copies — the layout of a
 * Seldon Core 2 install, with secret-sync's default selectors.
 * <p>
 * The credential is the Seldon OAuth secret (keys {@code method}, {@code client_id}, ...) for the
 * stack's own OAuth2 token server, so secret-sync really requests a token and writes it to
 * {@code <secret>-token}, which it replicates as well.
 */
final class KafkaCredentialSources {

    static final String SOURCE_NAMESPACE = "seldon-mesh";
    static final String LOGS_NAMESPACE = "seldon-logs";
    static final String RUNTIME_NAMESPACE = "team-a";
    static final String OAUTH_SECRET = "kafka-oauth";
    static final String TOKEN_SECRET = OAUTH_SECRET + "-token";
    /** The labels of secret-sync's default selectors: {@code <label>=true}. */
    private static final String SOURCE_LABEL = "seldon.io/kafka-credential";
    private static final String RUNTIME_LABEL = "seldon.io/runtime";

    private KafkaCredentialSources() {
    }

    /** Creates the namespaces and the source Secret; returns the Secret's {@code namespace/name}. */
    static String seed(KubernetesClient client, OAuthServer oauth) {
        namespace(client, SOURCE_NAMESPACE, Map.of());
        namespace(client, LOGS_NAMESPACE, Map.of());
        namespace(client, RUNTIME_NAMESPACE, Map.of(RUNTIME_LABEL, "true"));
        Map<String, String> oauthSecret = new LinkedHashMap<>();
        oauthSecret.put("method", "OIDC");
        oauthSecret.put("client_id", OAuthServer.CLIENT_ID);
        oauthSecret.put("client_secret", OAuthServer.CLIENT_SECRET);
        oauthSecret.put("token_endpoint_url", oauth.tokenEndpoint());
        oauthSecret.put("extensions", "");
        oauthSecret.put("scope", "kafka");
        // data, not stringData: converting stringData is the real API server's job, which the mock does not do
        client.secrets().inNamespace(SOURCE_NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName(OAUTH_SECRET).withLabels(Map.of(SOURCE_LABEL, "true")).endMetadata()
                .withType("Opaque").withData(base64(oauthSecret)).build()).create();
        return SOURCE_NAMESPACE + "/" + OAUTH_SECRET;
    }

    /** secret-sync's settings for this layout (its defaults, spelled out so they cannot drift apart). */
    static Map<String, String> secretSyncEnvironment() {
        return Map.of(
                "SECRET_SYNC_SOURCE_NAMESPACE", SOURCE_NAMESPACE,
                "SECRET_SYNC_SOURCE_SELECTOR", SOURCE_LABEL + "=true",
                "SECRET_SYNC_TARGET_NAMESPACES", LOGS_NAMESPACE,
                "SECRET_SYNC_TARGET_SELECTOR", RUNTIME_LABEL + "=true");
    }

    /** The Secrets secret-sync should have replicated, and where to. */
    static List<String> expectedSecrets() {
        return List.of(OAUTH_SECRET, TOKEN_SECRET);
    }

    static List<String> targetNamespaces() {
        return List.of(LOGS_NAMESPACE, RUNTIME_NAMESPACE);
    }

    private static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    private static Map<String, String> base64(Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((key, value) -> data.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return data;
    }
}
