package io.seldonmesh.localstack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The secret-sync part of the demo: the Kafka credential Secret in {@code seldon-mesh}, and the
 * access token secret-sync fetched for it, show up as copies in every target namespace.
 */
final class CredentialDemo {

    private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(30);
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    private final InMemoryKubernetes kubernetes;
    private final PrintStream out;

    CredentialDemo(InMemoryKubernetes kubernetes, PrintStream out) {
        this.kubernetes = kubernetes;
        this.out = out;
    }

    /** Waits for every copy and prints where they are. */
    void run() {
        out.println();
        out.println("Demo: Kafka credentials replicated by secret-sync (the Kubernetes API here is an in-memory "
                + "stand-in, the Fabric8 mock server, not a cluster)");
        out.println("  source " + KafkaCredentialSources.SOURCE_NAMESPACE + "/" + KafkaCredentialSources.OAUTH_SECRET
                + ": OAuth client credentials for the stack's OAuth2 token server");
        List<String> copies = awaitCopies();
        Secret token = source(KafkaCredentialSources.TOKEN_SECRET);
        out.println("  secret-sync requested an access token: " + KafkaCredentialSources.SOURCE_NAMESPACE + "/"
                + KafkaCredentialSources.TOKEN_SECRET + " (expires_at " + text(token, "expires_at") + ")");
        out.println("  copies (managed-by secret-sync, data identical to the source): " + String.join(", ", copies));
    }

    private List<String> awaitCopies() {
        long deadline = System.nanoTime() + REPLICATION_TIMEOUT.toNanos();
        List<String> missing = List.of();
        while (System.nanoTime() < deadline) {
            missing = missingCopies();
            if (missing.isEmpty()) {
                return KafkaCredentialSources.targetNamespaces().stream()
                        .flatMap(namespace -> KafkaCredentialSources.expectedSecrets().stream()
                                .map(name -> namespace + "/" + name))
                        .toList();
            }
            Demo.pause();
        }
        throw new StackException("secret-sync did not replicate the Kafka credentials within "
                + REPLICATION_TIMEOUT.toSeconds() + " s; missing or different: " + missing + "; see the secret-sync "
                + "log under the stack's logs directory and its readiness at /q/health/ready");
    }

    private List<String> missingCopies() {
        KubernetesClient client = kubernetes.client();
        List<String> missing = new ArrayList<>();
        for (String name : KafkaCredentialSources.expectedSecrets()) {
            Secret source = source(name);
            for (String namespace : KafkaCredentialSources.targetNamespaces()) {
                Secret copy = client.secrets().inNamespace(namespace).withName(name).get();
                boolean inSync = source != null && copy != null
                        && "secret-sync".equals(labels(copy).get(MANAGED_BY))
                        && Objects.equals(copy.getData(), source.getData());
                if (!inSync) {
                    missing.add(namespace + "/" + name);
                }
            }
        }
        return missing;
    }

    private Secret source(String name) {
        return kubernetes.client().secrets().inNamespace(KafkaCredentialSources.SOURCE_NAMESPACE).withName(name).get();
    }

    private static Map<String, String> labels(Secret secret) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static String text(Secret secret, String key) {
        String value = secret.getData() == null ? null : secret.getData().get(key);
        return value == null ? "?" : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
}
