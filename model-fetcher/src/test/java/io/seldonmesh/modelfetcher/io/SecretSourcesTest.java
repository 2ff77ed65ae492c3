package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.ModelSecret;

@EnableKubernetesMockClient(crud = true)
class SecretSourcesTest {

    private static final String REMOTE = "type: s3\nname: minio\nparameters:\n  access_key_id: a\n  secret_access_key: b\n";

    KubernetesClient client;

    @TempDir
    Path mounted;

    @Test
    void mountedSecretIsReadKeyByKeySkippingKubernetesBookkeeping() throws IOException {
        Path secret = Files.createDirectories(mounted.resolve("minio-secret"));
        Files.createDirectories(secret.resolve("..2026_11_26_08_00_00.123"));
        Files.writeString(secret.resolve("..2026_11_26_08_00_00.123/minio"), REMOTE);
        Files.createSymbolicLink(secret.resolve("..data"), secret.resolve("..2026_11_26_08_00_00.123"));
        Files.createSymbolicLink(secret.resolve("minio"), secret.resolve("..data/minio"));

        MountedSecrets secrets = new MountedSecrets(mounted);

        assertThat(secrets.find("minio-secret")).contains(new ModelSecret("minio-secret", Map.of("minio", REMOTE)));
        assertThat(secrets.find("absent")).isEmpty();
    }

    @Test
    void kubernetesSecretIsDecodedFromDataAndStringData() {
        client.secrets().inNamespace("seldon-mesh").resource(new SecretBuilder().withNewMetadata().withName("s3-kms-models")
                .endMetadata().addToData("s3-kms", Base64.getEncoder().encodeToString(REMOTE.getBytes(StandardCharsets.UTF_8)))
                .build()).create();

        KubernetesSecrets secrets = new KubernetesSecrets(client, "seldon-mesh");

        assertThat(secrets.find("s3-kms-models")).contains(new ModelSecret("s3-kms-models", Map.of("s3-kms", REMOTE)));
        assertThat(secrets.find("absent")).isEmpty();
        assertThat(secrets.describe()).isEqualTo("namespace seldon-mesh");
    }

    @Test
    void modelWithoutSecretNameUsesThePreloadedRemoteOfTheSameName() throws IOException {
        Files.createDirectories(mounted.resolve("other"));
        Files.writeString(mounted.resolve("other/gs"), "type: s3\nname: gs\nparameters: {env_auth: true}\n");
        Files.createDirectories(mounted.resolve("minio-secret"));
        Files.writeString(mounted.resolve("minio-secret/minio"), REMOTE);
        ModelSecrets secrets = new ModelSecrets(List.of(new MountedSecrets(mounted)), List.of("other", "minio-secret"));

        assertThat(secrets.forModel(Model.parseNamed("iris", "{\"storageUri\": \"minio://models/iris\"}")))
                .map(ModelSecret::name).contains("minio-secret");
        assertThat(secrets.forModel(Model.parseNamed("iris", "{\"storageUri\": \"s3://models/iris\"}"))).isEmpty();
    }

    @Test
    void missingSecretNamesEveryPlaceSearched() {
        client.secrets().inNamespace("seldon-mesh").resource(new SecretBuilder().withNewMetadata().withName("unrelated")
                .endMetadata().build()).create();
        ModelSecrets secrets = new ModelSecrets(List.of(new MountedSecrets(mounted), new KubernetesSecrets(client, "seldon-mesh")),
                List.of());

        assertThatThrownBy(() -> secrets.forModel(Model.parseNamed("iris",
                "{\"storageUri\": \"s3://models/iris\", \"secretName\": \"s3-kms-models\"}")))
                .isInstanceOf(FetchFailure.class)
                .hasMessage("Model iris: secret 's3-kms-models' (spec.secretName) was not found in directory " + mounted
                        + " or namespace seldon-mesh; create it, or correct spec.secretName");
    }
}
