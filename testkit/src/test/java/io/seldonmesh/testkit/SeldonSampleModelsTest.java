package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class SeldonSampleModelsTest {

    private static S3Server server;
    private static S3Client s3;
    private static SeldonSampleModels samples;

    @BeforeAll
    static void upload() {
        server = SharedServers.s3();
        s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        samples = SeldonSampleModels.upload(server, SharedServers.S3_BUCKET, "seldon-samples-test");
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @Test
    void resourcesAreSeldonsTextsWithOnlyTheStorageUriPointingAtTheS3Server() {
        assertThat(samples.samples()).extracting(SeldonSampleModels.Sample::name)
                .containsExactly("tfsimple1", "tfsimple2", "tfsimple3", "mul10", "add10", "conditional");
        assertThat(samples.sample("tfsimple2").resource()).isEqualTo("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: tfsimple2
                spec:
                  storageUri: "seldon-samples://testkit/seldon-samples-test/triton/simple"
                  requirements:
                  - tensorflow
                  memory: 100Ki
                """);
        assertThat(samples.sample("conditional").resource()).isEqualTo("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: conditional
                spec:
                  storageUri: "seldon-samples://testkit/seldon-samples-test/scv2/samples/triton_23-03/conditional"
                  requirements:
                  - triton
                  - python
                """);
        assertThat(samples.sample("mul10").builtin()).isEqualTo("mul10");
        assertThatThrownBy(() -> samples.sample("iris"))
                .hasMessage("no Seldon sample model 'iris'; the samples are tfsimple1, tfsimple2, tfsimple3, mul10, add10, conditional");
    }

    @Test
    void eachArtifactIsADirectoryHoldingTheSettingsOfItsBuiltin() {
        assertThat(s3.listObjectsV2(request -> request.bucket(SharedServers.S3_BUCKET).prefix("seldon-samples-test/"))
                .contents()).extracting(S3Object::key).containsExactlyInAnyOrder(
                "seldon-samples-test/triton/simple/model-settings.json",
                "seldon-samples-test/scv2/samples/triton_23-03/mul10/model-settings.json",
                "seldon-samples-test/scv2/samples/triton_23-03/add10/model-settings.json",
                "seldon-samples-test/scv2/samples/triton_23-03/conditional/model-settings.json");
        assertThat(object("seldon-samples-test/triton/simple/model-settings.json")).isEqualTo("{\"implementation\":\"sum-and-diff\"}");
        assertThat(object("seldon-samples-test/scv2/samples/triton_23-03/conditional/model-settings.json"))
                .isEqualTo("{\"implementation\":\"conditional\"}");
    }

    @Test
    void storageSecretIsTheRcloneRemoteOfTheS3ServerMountedUnderItsName(@TempDir Path secrets) throws Exception {
        Path written = samples.writeStorageSecret(secrets);

        assertThat(written).isEqualTo(secrets.resolve("seldon-samples/remote.json"));
        JsonNode remote = new ObjectMapper().readTree(Files.readString(written));
        assertThat(remote.path("type").asText()).isEqualTo("s3");
        assertThat(remote.path("name").asText()).isEqualTo(SeldonSampleModels.REMOTE);
        assertThat(remote.path("parameters").path("endpoint").asText()).isEqualTo(server.endpoint().toString());
        assertThat(remote.path("parameters").path("access_key_id").asText()).isEqualTo(server.accessKeyId());
    }

    @Test
    void prefixWithASlashAtEitherEndIsRefused() {
        assertThatThrownBy(() -> SeldonSampleModels.upload(server, SharedServers.S3_BUCKET, "samples/"))
                .hasMessage("prefix 'samples/' must be non-empty and neither start nor end with '/', e.g. samples-1");
    }

    private static String object(String key) {
        return s3.getObjectAsBytes(request -> request.bucket(SharedServers.S3_BUCKET).key(key)).asUtf8String();
    }
}
