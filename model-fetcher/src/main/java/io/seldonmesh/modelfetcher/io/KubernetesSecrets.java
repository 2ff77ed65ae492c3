package io.seldonmesh.modelfetcher.io;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.seldonmesh.modelfetcher.core.ModelSecret;

/**
 * Secrets read from the Kubernetes API in the fetcher's namespace (RBAC: {@code get} on
 * {@code secrets}), as Seldon's agent reads a Model's {@code secretName}.
 */
public final class KubernetesSecrets implements SecretSource {

    private final KubernetesClient client;
    private final String namespace;

    public KubernetesSecrets(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public Optional<ModelSecret> find(String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        Map<String, String> data = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return Optional.of(new ModelSecret(name, data));
    }

    @Override
    public String describe() {
        return "namespace " + namespace;
    }
}
