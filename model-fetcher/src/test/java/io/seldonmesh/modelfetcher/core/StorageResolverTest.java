package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StorageResolverTest {

    /** The secret from the support answer in the project background, as Seldon users write it. */
    static final String SEED_YAML = """
            type: s3
            name: s3-kms
            parameters:
              provider: AWS
              env_auth: false  # Or true if using IAM roles
              access_key_id: AKIAEXAMPLE
              secret_access_key: wJalrXUtnFEMI
              region: eu-west-1
              endpoint: https://s3.eu-west-1.amazonaws.com
              server_side_encryption: aws:kms
              sse_kms_key_id: arn:aws:kms:eu-west-1:111122223333:key/1234abcd
              # Critical: Disable checksum for KMS-encrypted objects
              disable_checksum: true
              # Alternative approach if above doesn't work
              no_check_bucket: true
            """;

    static final String SEED_JSON = """
            {"type": "s3", "name": "s3-kms", "parameters": {"provider": "AWS", "env_auth": "false",
             "access_key_id": "AKIAEXAMPLE", "secret_access_key": "wJalrXUtnFEMI", "region": "eu-west-1",
             "endpoint": "https://s3.eu-west-1.amazonaws.com", "server_side_encryption": "aws:kms",
             "sse_kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd", "disable_checksum": "true"}}
            """;

    @Test
    void seedYamlSecretResolvesToTheKmsBucket() {
        StorageLocation location = StorageResolver.resolve("iris", "s3-kms://your-bucket/path/to/model",
                Optional.of(new ModelSecret("s3-kms-models", Map.of("s3-kms", SEED_YAML))));

        assertSeedLocation(location);
    }

    @Test
    void seedJsonSecretResolvesTheSameWay() {
        StorageLocation location = StorageResolver.resolve("iris", "s3-kms://your-bucket/path/to/model",
                Optional.of(new ModelSecret("s3-kms-models", Map.of("config", SEED_JSON))));

        assertSeedLocation(location);
    }

    private static void assertSeedLocation(StorageLocation location) {
        StorageLocation.S3 s3 = (StorageLocation.S3) location;
        assertThat(s3.bucket()).isEqualTo("your-bucket");
        assertThat(s3.prefix()).isEqualTo("path/to/model/");
        S3Access access = s3.access();
        assertThat(access.remote()).isEqualTo("s3-kms");
        assertThat(access.endpoint()).contains(URI.create("https://s3.eu-west-1.amazonaws.com"));
        assertThat(access.region()).contains("eu-west-1");
        assertThat(access.pathStyle()).isTrue();
        assertThat(access.credentials()).isEqualTo(new S3Credentials.AccessKeys("AKIAEXAMPLE", "wJalrXUtnFEMI", Optional.empty()));
        assertThat(access.configuredKmsKeyId()).contains("arn:aws:kms:eu-west-1:111122223333:key/1234abcd");
        assertThat(access.disableChecksum()).isTrue();
        assertThat(access.customerKey()).isEmpty();
    }

    @Test
    void credentialsAreNeverPrinted() {
        StorageLocation location = StorageResolver.resolve("iris", "s3-kms://b/p",
                Optional.of(new ModelSecret("s3-kms-models", Map.of("s3-kms", SEED_YAML))));

        assertThat(location.toString()).contains("AKIAEXAMPLE").doesNotContain("wJalrXUtnFEMI");
        assertThat(RcloneRemoteConfig.parse("iris", new ModelSecret("s", Map.of("k", SEED_YAML))).toString())
                .doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIAEXAMPLE");
    }

    @Test
    void bareS3UriWithoutSecretUsesTheAwsDefaultChain() {
        StorageLocation.S3 s3 = (StorageLocation.S3) StorageResolver.resolve("iris", "s3://models/iris", Optional.empty());

        assertThat(s3.access().credentials()).isInstanceOf(S3Credentials.DefaultChain.class);
        assertThat(s3.access().region()).isEmpty();
        assertThat(s3.access().pathStyle()).isFalse();
        assertThat(s3.prefix()).isEqualTo("iris/");
    }

    @Test
    void envAuthWithoutKeysUsesTheDefaultChainWithRcloneDefaults() {
        String config = "type: s3\nname: s3\nparameters:\n  provider: AWS\n  env_auth: true\n";

        StorageLocation.S3 s3 = (StorageLocation.S3) StorageResolver.resolve("iris", "s3://models",
                Optional.of(new ModelSecret("aws", Map.of("s3", config))));

        assertThat(s3.access().credentials()).isInstanceOf(S3Credentials.DefaultChain.class);
        assertThat(s3.access().region()).contains("us-east-1");
        assertThat(s3.prefix()).isEmpty();
    }

    @Test
    void endpointWithoutSchemeGetsHttpsAsInRclone() {
        String config = "type: s3\nname: minio\nparameters:\n  access_key_id: a\n  secret_access_key: b\n"
                + "  endpoint: minio.local:9000\n  force_path_style: false\n";

        S3Access access = ((StorageLocation.S3) StorageResolver.resolve("iris", "minio://m/iris",
                Optional.of(new ModelSecret("minio", Map.of("k", config))))).access();

        assertThat(access.endpoint()).contains(URI.create("https://minio.local:9000"));
        assertThat(access.pathStyle()).isFalse();
    }

    @Test
    void sseCustomerKeyIsSentAsBase64WithItsMd5() {
        String config = "type: s3\nname: s3\nparameters:\n  env_auth: true\n  sse_customer_key: 0123456789abcdef0123456789abcdef\n";

        SseCustomerKey key = ((StorageLocation.S3) StorageResolver.resolve("iris", "s3://m/iris",
                Optional.of(new ModelSecret("ssec", Map.of("k", config))))).access().customerKey().orElseThrow();

        assertThat(key.algorithm()).isEqualTo("AES256");
        assertThat(key.keyBase64()).isEqualTo("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        assertThat(key.toString()).doesNotContain(key.keyBase64());
    }

    @Test
    void absolutePathIsALocalDirectory() {
        StorageLocation location = StorageResolver.resolve("iris", "/srv/models/iris/", Optional.empty());

        assertThat(location).isEqualTo(new StorageLocation.Local("/srv/models/iris/", Path.of("/srv/models/iris")));
    }

    @Test
    void missingAccessKeyIsNamedWithModelSecretAndField() {
        String config = "type: s3\nname: s3\nparameters:\n  provider: AWS\n  env_auth: false\n";

        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3://models/iris",
                Optional.of(new ModelSecret("seldon-rclone-secret", Map.of("s3", config)))))
                .isInstanceOf(FetchFailure.class)
                .hasMessage("Model iris: secret 'seldon-rclone-secret' has no parameters.access_key_id (needed when "
                        + "env_auth is false; set env_auth: true to use the pod's AWS role instead)");
    }

    @Test
    void halfAKeyPairIsNamed() {
        String config = "type: s3\nname: s3\nparameters:\n  access_key_id: a\n";

        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3://models/iris",
                Optional.of(new ModelSecret("s", Map.of("s3", config)))))
                .hasMessage("Model iris: secret 's' has parameters.access_key_id but no parameters.secret_access_key");
    }

    @Test
    void remoteNameThatDoesNotMatchTheSecretIsNamed() {
        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3://your-bucket/model",
                Optional.of(new ModelSecret("s3-kms-models", Map.of("s3-kms", SEED_YAML)))))
                .hasMessage("Model iris: storageUri 's3://your-bucket/model' uses remote 's3' but secret 's3-kms-models' "
                        + "defines remote 's3-kms'; make the storageUri start with s3-kms:// or rename the remote");
    }

    @Test
    void namedRemoteWithoutSecretIsNamed() {
        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3-kms://b/p", Optional.empty()))
                .hasMessage("Model iris: storageUri 's3-kms://b/p' uses remote 's3-kms' but the Model has no secretName; "
                        + "name a Secret holding an rclone remote called 's3-kms'");
    }

    @Test
    void unsupportedTypeIsNamed() {
        String config = "{\"type\": \"google cloud storage\", \"name\": \"gs\", \"parameters\": {\"anonymous\": true}}";

        assertThatThrownBy(() -> StorageResolver.resolve("iris", "gs://seldon-models/iris",
                Optional.of(new ModelSecret("seldon-rclone-gs-public", Map.of("gs", config)))))
                .hasMessage("Model iris: secret 'seldon-rclone-gs-public' has type 'google cloud storage'; "
                        + "this fetcher reads type: s3 remotes (AWS S3 and S3-compatible stores)");
    }

    @Test
    void missingTypeAndNameAreNamed() {
        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3://b/p",
                Optional.of(new ModelSecret("s", Map.of("k", "name: s3\nparameters: {}\n")))))
                .hasMessage("Model iris: secret 's' has no type (expected type: s3)");
        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3://b/p",
                Optional.of(new ModelSecret("s", Map.of("k", "type: s3\n")))))
                .hasMessageStartingWith("Model iris: secret 's' has no name");
    }

    @Test
    void secretWithSeveralKeysOrNoneIsRefused() {
        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3://b/p",
                Optional.of(new ModelSecret("s", Map.of("a", SEED_YAML, "b", SEED_JSON)))))
                .hasMessage("Model iris: secret 's' has 2 keys [a, b]; it must have exactly one, holding the rclone remote");
        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3://b/p", Optional.of(new ModelSecret("s", Map.of()))))
                .hasMessageStartingWith("Model iris: secret 's' has no keys");
    }

    @Test
    void unreadableDocumentIsNamedWithItsLine() {
        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3://b/p",
                Optional.of(new ModelSecret("s", Map.of("k", "type: s3\nname: [unclosed\n")))))
                .hasMessageStartingWith("Model iris: secret 's' key 'k' is neither valid YAML nor JSON at line");
    }

    @Test
    void flagThatIsNotABooleanIsNamed() {
        String config = "type: s3\nname: s3\nparameters:\n  env_auth: maybe\n";

        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3://b/p", Optional.of(new ModelSecret("s", Map.of("k", config)))))
                .hasMessage("Model iris: secret 's' has parameters.env_auth 'maybe'; expected true or false");
    }

    @Test
    void badUrisAreRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> StorageResolver.resolve("iris", "models/iris", Optional.empty()))
                .hasMessageStartingWith("Model iris: storageUri 'models/iris' is not <remote>://<bucket>/<path>");
        assertThatThrownBy(() -> StorageResolver.resolve("iris", "s3:///iris", Optional.empty()))
                .hasMessageStartingWith("Model iris: storageUri 's3:///iris' is not <remote>://<bucket>/<path>");
    }
}
