package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;

/**
 * The doctor's storage check against the testkit S3 server, with a secret mounted as the fetcher reads it. S3Mock
 * checks neither IAM nor KMS permissions (any credentials read any object, whatever its key): the refusals AWS would
 * give (kms:Decrypt denied on GET, s3:GetObject denied on HEAD) come from the gateway in front of it, as in the
 * downloader's tests; a wrong endpoint, a missing bucket and a missing secret are the real thing.
 */
class StorageCheckTest {

    private static final String SECRET = "s3-kms-models";

    @TempDir
    Path secrets;

    private final S3Server server = SharedServers.s3();
    private final String prefix = "doctor-" + System.nanoTime() + "/";
    private S3Fixtures fixtures;

    @BeforeEach
    void upload() {
        fixtures = new S3Fixtures(server, SharedServers.S3_BUCKET);
        fixtures.putKms(prefix + "model.onnx", "onnx".getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());
    }

    @AfterEach
    void close() {
        fixtures.close();
    }

    private List<Finding> examine(String storageUri, URI endpoint) throws IOException {
        Files.createDirectories(secrets.resolve(SECRET));
        Files.writeString(secrets.resolve(SECRET).resolve("config"), fixtures.rcloneSecret(endpoint));
        return new StorageCheck(Optional.of(storageUri), Optional.of(SECRET),
                () -> new ModelSecrets(List.of(new MountedSecrets(secrets)), List.of())).examine();
    }

    private String probe() {
        return "s3-kms://" + SharedServers.S3_BUCKET + "/" + prefix;
    }

    @Test
    void withoutAStorageUriStorageIsSkippedSayingWhatToSet() {
        List<Finding> findings = new StorageCheck(Optional.empty(), Optional.empty(), () -> {
            throw new AssertionError("no secret is looked up without a storageUri");
        }).examine();

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.verdict()).isEqualTo(Finding.Verdict.SKIP);
            assertThat(finding.detail()).contains("set DOCTOR_STORAGE_URI").contains("DOCTOR_STORAGE_SECRET");
        });
    }

    @Test
    void kmsObjectIsListedAndReadNamingItsKey() throws IOException {
        List<Finding> findings = examine(probe(), server.endpoint());

        assertThat(findings).extracting(Finding::verdict).containsExactly(Finding.Verdict.OK, Finding.Verdict.OK);
        assertThat(findings.get(0).line()).startsWith("✓ OK   storage").contains("s3://testkit/" + prefix + " listed at endpoint "
                + server.endpoint()).contains("the credentials of secret '" + SECRET + "'");
        assertThat(findings.get(1).line()).startsWith("✓ OK   kms:Decrypt").contains("allowed on key " + server.kmsKeyId())
                .contains("read s3://testkit/" + prefix + "model.onnx");
    }

    @Test
    void objectWithoutKmsIsReadSayingNoKeyIsNeeded() throws IOException {
        fixtures.putPlain(prefix + "plain/model.onnx", "onnx".getBytes(StandardCharsets.UTF_8));

        List<Finding> findings = examine(probe() + "plain", server.endpoint());

        assertThat(findings.get(1).line()).startsWith("✓ OK   s3 object").contains("not SSE-KMS encrypted");
    }

    @Test
    void wrongEndpointFailsNamingTheEndpointAndWhereToSetIt() throws IOException {
        URI nothing = URI.create("http://127.0.0.1:" + FreePort.next());

        List<Finding> findings = examine(probe(), nothing);

        assertThat(findings).singleElement().satisfies(finding -> assertThat(finding.line()).startsWith("✗ FAIL storage")
                .contains("DOCTOR_STORAGE_URI: cannot reach S3 for s3://testkit/" + prefix + " at endpoint " + nothing)
                .contains("check parameters.endpoint in secret '" + SECRET + "'"));
    }

    @Test
    void missingBucketFailsNamingTheBucket() throws IOException {
        List<Finding> findings = examine("s3-kms://no-such-bucket/iris", server.endpoint());

        assertThat(findings).singleElement().satisfies(finding -> assertThat(finding.line()).startsWith("✗ FAIL storage")
                .contains("ListObjectsV2 s3://no-such-bucket/iris/ failed: bucket 'no-such-bucket' does not exist"));
    }

    @Test
    void deniedKmsKeyFailsAtKmsDecryptNamingTheKey() throws IOException {
        try (S3Gateway gateway = new S3Gateway(server.endpoint(), request -> request.isObjectGet()
                ? Optional.of(new S3Gateway.Answer(403, Map.of(), "AccessDenied", "Access Denied"))
                : Optional.empty())) {

            List<Finding> findings = examine(probe(), gateway.endpoint());

            assertThat(findings.get(0).verdict()).isEqualTo(Finding.Verdict.OK);
            assertThat(findings.get(1).line()).startsWith("✗ FAIL kms:Decrypt")
                    .contains("GetObject s3://testkit/" + prefix + "model.onnx failed: access denied decrypting the SSE-KMS"
                            + " object: the credentials need kms:Decrypt on key " + server.kmsKeyId());
        }
    }

    @Test
    void deniedObjectFailsAsAnS3PermissionNotAKmsOne() throws IOException {
        try (S3Gateway gateway = new S3Gateway(server.endpoint(), request -> request.method().equals("HEAD")
                ? Optional.of(new S3Gateway.Answer(403, Map.of(), "AccessDenied", "Access Denied"))
                : Optional.empty())) {

            List<Finding> findings = examine(probe(), gateway.endpoint());

            assertThat(findings.get(1).line()).startsWith("✗ FAIL s3 object")
                    .contains("access denied: the credentials need s3:GetObject on arn:aws:s3:::testkit/" + prefix
                            + "model.onnx").doesNotContain("kms:Decrypt");
        }
    }

    @Test
    void missingSecretFailsNamingIt() {
        List<Finding> findings = new StorageCheck(Optional.of(probe()), Optional.of("no-such-secret"),
                () -> new ModelSecrets(List.of(new MountedSecrets(secrets)), List.of())).examine();

        assertThat(findings).singleElement().satisfies(finding -> assertThat(finding.line()).startsWith("✗ FAIL storage")
                .contains("DOCTOR_STORAGE_URI: secret 'no-such-secret'").contains("was not found in directory " + secrets));
    }

    @Test
    void valueThatIsNotAStorageUriFailsNamingTheVariable() {
        List<Finding> findings = new StorageCheck(Optional.of("models/iris"), Optional.empty(),
                () -> new ModelSecrets(List.of(), List.of())).examine();

        assertThat(findings).singleElement().satisfies(finding -> assertThat(finding.line()).startsWith("✗ FAIL storage")
                .contains("DOCTOR_STORAGE_URI 'models/iris' is not a storageUri"));
    }
}
