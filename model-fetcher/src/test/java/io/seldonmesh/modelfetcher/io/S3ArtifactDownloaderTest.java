package io.seldonmesh.modelfetcher.io;

import static io.seldonmesh.modelfetcher.io.S3Fixtures.MIB;
import static io.seldonmesh.modelfetcher.io.S3Fixtures.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.CacheManifest;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.core.ModelSecret;
import io.seldonmesh.modelfetcher.core.StorageResolver;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.TransientFailure;
import io.seldonmesh.testkit.CapturedLog;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;
import software.amazon.awssdk.services.s3.model.ChecksumType;

/** Downloads from the real S3 server of testkit (S3Mock with SSE-KMS semantics). */
class S3ArtifactDownloaderTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    /** Small split and range sizes, so that 11 MiB objects take the ranged path. */
    private static final DownloadSettings SETTINGS = new DownloadSettings(4, 8 * MIB, 2 * MIB, 3, 64 * 1024,
            Duration.ofSeconds(5));

    @TempDir
    Path modelsRoot;

    private final S3Server server = SharedServers.s3();
    private final S3Fixtures fixtures = new S3Fixtures(server, SharedServers.S3_BUCKET);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private S3ArtifactDownloader downloader;
    private String prefix;

    @BeforeEach
    void start() {
        downloader = new S3ArtifactDownloader(modelsRoot, SETTINGS, new FetcherMetrics(registry));
        prefix = "models/iris-" + PREFIXES.incrementAndGet() + "-" + System.nanoTime() + "/";
    }

    @AfterEach
    void stop() {
        downloader.close();
        fixtures.close();
    }

    @Test
    void kmsObjectsAreEachVerifiedByTheStrongestEvidenceTheyOffer() throws IOException {
        byte[] sha = randomBytes(300_000, 1);
        byte[] bare = randomBytes(200_000, 2);
        byte[] composite = randomBytes(11 * MIB, 3);
        byte[] fullCrc = randomBytes(11 * MIB, 4);
        byte[] rcloneUpload = randomBytes(11 * MIB, 5);
        byte[] crc64 = randomBytes(100_000, 6);
        byte[] plain = randomBytes(50_000, 7);
        byte[] largeSha = randomBytes(9 * MIB, 42);
        fixtures.putKms(prefix + "model.onnx", sha, ChecksumAlgorithm.SHA256, Map.of());
        fixtures.putKms(prefix + "settings.json", bare, null, Map.of());
        fixtures.putKmsMultipart(prefix + "weights/part-composite.bin", composite, 5 * MIB, ChecksumAlgorithm.CRC32C,
                ChecksumType.COMPOSITE, Map.of());
        fixtures.putKmsMultipart(prefix + "weights/part-full.bin", fullCrc, 5 * MIB, ChecksumAlgorithm.CRC32,
                ChecksumType.FULL_OBJECT, Map.of());
        fixtures.putKmsMultipart(prefix + "weights/rclone.bin", rcloneUpload, 5 * MIB, null, null,
                Map.of("md5chksum", md5Base64(rcloneUpload)));
        fixtures.putKmsWithCrc64Nvme(prefix + "vocab.txt", crc64);
        fixtures.putPlain(prefix + "README.md", plain);
        fixtures.putKms(prefix + "weights/large-sha.bin", largeSha, ChecksumAlgorithm.SHA256, Map.of());

        FetchResult result = downloader.fetch("iris", "1", fixtures.location(prefix));

        Path version = modelsRoot.resolve("iris/1");
        assertThat(result.directory()).isEqualTo(version);
        assertThat(Files.readAllBytes(version.resolve("model.onnx"))).isEqualTo(sha);
        assertThat(Files.readAllBytes(version.resolve("settings.json"))).isEqualTo(bare);
        assertThat(Files.readAllBytes(version.resolve("weights/part-composite.bin"))).isEqualTo(composite);
        assertThat(Files.readAllBytes(version.resolve("weights/part-full.bin"))).isEqualTo(fullCrc);
        assertThat(Files.readAllBytes(version.resolve("weights/rclone.bin"))).isEqualTo(rcloneUpload);
        assertThat(Files.readAllBytes(version.resolve("vocab.txt"))).isEqualTo(crc64);
        assertThat(Files.readAllBytes(version.resolve("README.md"))).isEqualTo(plain);
        assertThat(Files.readAllBytes(version.resolve("weights/large-sha.bin"))).isEqualTo(largeSha);

        CacheManifest manifest = ModelDirectory.readManifest(version).orElseThrow();
        assertThat(manifest.files()).extractingFromEntries(entry -> entry.getKey() + "=" + entry.getValue().verification())
                .containsExactlyInAnyOrder("model.onnx=sha256", "settings.json=size",
                        "weights/part-composite.bin=crc32c-composite", "weights/part-full.bin=crc32",
                        "weights/rclone.bin=md5chksum", "vocab.txt=crc64nvme", "README.md=etag-md5",
                        "weights/large-sha.bin=sha256");
        assertThat(result.verification()).isEqualTo("crc32 (1 file), crc32c-composite (1 file), crc64nvme (1 file), "
                + "sha256 (2 files), etag-md5 (1 file), md5chksum (1 file), size (1 file)");
        assertThat(result.filesDownloaded()).isEqualTo(8);
        assertThat(result.bytesDownloaded()).isEqualTo(sha.length + bare.length + composite.length + fullCrc.length
                + rcloneUpload.length + crc64.length + plain.length + largeSha.length);
    }

    @Test
    void filesVerifiedBySizeOnlyAreOneInfoLinePerModelNamingTheReason() {
        for (int i = 0; i < 5; i++) {
            fixtures.putKms(prefix + "shard-" + i + ".bin", randomBytes(1000, 60 + i), null, Map.of());
        }
        fixtures.putKms(prefix + "model.onnx", randomBytes(1000, 70), ChecksumAlgorithm.SHA256, Map.of());
        try (CapturedLog transfers = CapturedLog.of(ObjectTransfer.class);
             CapturedLog downloads = CapturedLog.of(S3ArtifactDownloader.class)) {

            FetchResult result = downloader.fetch("iris", "1", fixtures.location(prefix));

            assertThat(result.verification()).isEqualTo("sha256 (1 file), size (5 files)");
            assertThat(transfers.lines(Level.INFO)).isEmpty();
            assertThat(downloads.lines(Level.INFO)).filteredOn(line -> line.contains("size only")).containsExactly("model iris: "
                    + "5 files verified by size only: no S3 additional checksum; ETag is not an MD5: object is SSE-KMS "
                    + "encrypted; no md5chksum metadata (5 files)");
        }
    }

    @Test
    void disableChecksumInTheSecretDoesNotTurnOffDownloadVerification() {
        fixtures.putKms(prefix + "model.onnx", randomBytes(1000, 8), ChecksumAlgorithm.SHA256, Map.of());
        StorageLocation.S3 location = fixtures.location(prefix);
        assertThat(location.access().disableChecksum()).isTrue();

        FetchResult result = downloader.fetch("iris", "1", location);

        assertThat(result.verification()).isEqualTo("sha256 (1 file)");
    }

    @Test
    void objectChangedBehindItsChecksumIsDetectedRetriedAndRefusedNamingBothValues() {
        byte[] data = randomBytes(11 * MIB, 9);
        fixtures.putKmsMultipart(prefix + "model.onnx", data, 5 * MIB, ChecksumAlgorithm.SHA256, ChecksumType.COMPOSITE, Map.of());
        fixtures.corruptOnDisk(prefix + "model.onnx", 7 * MIB);

        assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix)))
                .isInstanceOf(FetchFailure.class)
                .hasMessageMatching("Model iris: s3://testkit/" + prefix + "model.onnx failed verification: sha256-composite "
                        + "expected \\S+-3 \\(x-amz-checksum-sha256\\), downloaded bytes give \\S+-3 \\(2 attempts, the same "
                        + "wrong digest each time: the stored object is not what its checksum says, and fetching it again cannot "
                        + "help\\); the object is corrupt in the bucket or was changed behind its checksum: upload it again");
        assertThat(modelsRoot.resolve("iris/1")).doesNotExist();
        assertThat(counter("model.fetcher.verification.mismatches", "model", "iris")).isEqualTo(2);
    }

    @Test
    void sameWrongDigestTwiceStopsAfterTheSecondDownload() {
        fixtures.putKms(prefix + "model.onnx", randomBytes(30_000, 48), ChecksumAlgorithm.CRC32C, Map.of());
        fixtures.corruptOnDisk(prefix + "model.onnx", 100);
        double gets = requests("GetObject");

        assertRefusedWithoutRetry()
                .hasMessageContaining("(2 attempts, the same wrong digest each time: the stored object is not what its "
                        + "checksum says, and fetching it again cannot help); the object is corrupt in the bucket");
        assertThat(requests("GetObject")).isEqualTo(gets + 2);
        assertThat(counter("model.fetcher.verification.mismatches", "model", "iris")).isEqualTo(2);
    }

    @Test
    void bodyEndingShortAtTheSameByteOnEveryAttemptBlamesTheStoredObject() {
        fixtures.putKms(prefix + "model.onnx", randomBytes(30_000, 49), ChecksumAlgorithm.CRC32C, Map.of());
        fixtures.truncateOnDisk(prefix + "model.onnx", 20_000);
        double gets = requests("GetObject");

        assertRefusedWithoutRetry()
                .hasMessage("Model iris: s3://testkit/" + prefix + "model.onnx broke off after 20000 bytes: the body ended "
                        + "after 20000 of 30000 bytes (3 attempts, each ending after the same 20000 of 30000 bytes); a cut that "
                        + "repeats exactly is not a flaky network: the stored object is likely broken (shorter than the "
                        + "Content-Length S3 sends for it, or damaged): upload it again; if it is intact, something on the path "
                        + "to endpoint " + server.endpoint() + ", region us-east-1 cuts responses at this size");
        assertThat(requests("GetObject")).isEqualTo(gets + 3);
    }

    @Test
    void rangeEndingShortAtTheSameByteOnEveryAttemptBlamesTheStoredObject() {
        fixtures.putKms(prefix + "weights.bin", randomBytes(9 * MIB, 50), ChecksumAlgorithm.SHA256, Map.of());
        fixtures.truncateOnDisk(prefix + "weights.bin", 9 * MIB - 1000);

        assertRefusedWithoutRetry()
                .hasMessageContaining(prefix + "weights.bin bytes=8388608-9437183 broke off 3 times, each ending after the same "
                        + (MIB - 1000) + " of " + MIB + " bytes: ")
                .hasMessageEndingWith("; a cut that repeats exactly is not a flaky network: the stored object is likely broken "
                        + "(shorter than the Content-Length S3 sends for it, or damaged): upload it again; if it is intact, "
                        + "something on the path to endpoint " + server.endpoint() + ", region us-east-1 cuts responses at this size");
    }

    @Test
    void corruptionIsDetectedWhicheverWayTheChecksumIsComputed() {
        String combined = prefix + "crc-ranged/weights.bin";
        fixtures.putKmsMultipart(combined, randomBytes(11 * MIB, 43), 5 * MIB, ChecksumAlgorithm.CRC32C,
                ChecksumType.FULL_OBJECT, Map.of());
        String readBack = prefix + "sha-ranged/weights.bin";
        fixtures.putKms(readBack, randomBytes(9 * MIB, 44), ChecksumAlgorithm.SHA256, Map.of());
        String streamed = prefix + "crc64-small/weights.bin";
        fixtures.putKmsWithCrc64Nvme(streamed, randomBytes(70_000, 45));
        String etag = prefix + "etag-ranged/weights.bin";
        fixtures.putPlain(etag, randomBytes(9 * MIB, 46));
        for (String key : new String[] {combined, readBack, streamed, etag}) {
            fixtures.corruptOnDisk(key, 65_000);
            String objectPrefix = key.substring(0, key.lastIndexOf('/') + 1);

            assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(objectPrefix)))
                    .as(key)
                    .hasMessageContaining(key + " failed verification: ");
        }
    }

    @Test
    void wrongMd5chksumOnAKmsObjectIsDetected() {
        byte[] data = randomBytes(20_000, 11);
        fixtures.putKms(prefix + "model.onnx", data, null, Map.of("md5chksum", md5Base64(randomBytes(20_000, 12))));

        assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix)))
                .hasMessageContaining("failed verification: md5chksum expected " + md5Base64(randomBytes(20_000, 12))
                        + " (x-amz-meta-md5chksum), downloaded bytes give " + md5Base64(data));
    }

    @Test
    void resyncOfAnUnchangedModelSendsNoGetAndNoHead() {
        fixtures.putKms(prefix + "model.onnx", randomBytes(300_000, 13), ChecksumAlgorithm.SHA256, Map.of());
        fixtures.putKmsMultipart(prefix + "weights.bin", randomBytes(11 * MIB, 14), 5 * MIB, ChecksumAlgorithm.CRC32C,
                ChecksumType.COMPOSITE, Map.of());
        StorageLocation.S3 location = fixtures.location(prefix);
        downloader.fetch("iris", "1", location);
        double gets = requests("GetObject");
        double heads = requests("HeadObject");
        double lists = requests("ListObjectsV2");

        FetchResult again = downloader.fetch("iris", "1", location);

        assertThat(again.filesDownloaded()).isZero();
        assertThat(again.filesUnchanged()).isEqualTo(2);
        assertThat(again.verification()).isEqualTo("crc32c-composite (1 file), sha256 (1 file)");
        assertThat(requests("GetObject")).isEqualTo(gets);
        assertThat(requests("HeadObject")).isEqualTo(heads);
        assertThat(requests("ListObjectsV2")).isEqualTo(lists + 1);
    }

    @Test
    void changedObjectIsFetchedAgainAndDeletedObjectRemoved() throws IOException {
        fixtures.putKms(prefix + "model.onnx", randomBytes(1000, 15), ChecksumAlgorithm.SHA256, Map.of());
        fixtures.putKms(prefix + "old.txt", randomBytes(1000, 16), ChecksumAlgorithm.SHA256, Map.of());
        fixtures.putKms(prefix + "same.txt", randomBytes(1000, 17), ChecksumAlgorithm.SHA256, Map.of());
        StorageLocation.S3 location = fixtures.location(prefix);
        downloader.fetch("iris", "1", location);
        byte[] updated = randomBytes(1200, 18);
        fixtures.putKms(prefix + "model.onnx", updated, ChecksumAlgorithm.SHA256, Map.of());
        fixtures.delete(prefix + "old.txt");
        double gets = requests("GetObject");

        FetchResult result = downloader.fetch("iris", "1", location);

        assertThat(requests("GetObject")).isEqualTo(gets + 1);
        assertThat(result.filesDownloaded()).isEqualTo(1);
        assertThat(result.filesUnchanged()).isEqualTo(1);
        Path version = modelsRoot.resolve("iris/1");
        assertThat(Files.readAllBytes(version.resolve("model.onnx"))).isEqualTo(updated);
        assertThat(version.resolve("old.txt")).doesNotExist();
        assertThat(version.resolve("same.txt")).hasBinaryContent(randomBytes(1000, 17));
        try (var leftovers = Files.list(modelsRoot.resolve("iris"))) {
            assertThat(leftovers).extracting(path -> path.getFileName().toString()).containsExactly("1");
        }
    }

    @Test
    void newVersionWithTheSameObjectsReusesTheFilesWithoutGets() {
        fixtures.putKms(prefix + "model.onnx", randomBytes(5000, 19), ChecksumAlgorithm.SHA256, Map.of());
        StorageLocation.S3 location = fixtures.location(prefix);
        downloader.fetch("iris", "1", location);
        double gets = requests("GetObject");

        FetchResult second = downloader.fetch("iris", "2", location);

        assertThat(requests("GetObject")).isEqualTo(gets);
        assertThat(second.filesUnchanged()).isEqualTo(1);
        assertThat(modelsRoot.resolve("iris/2/model.onnx")).hasBinaryContent(randomBytes(5000, 19));
        assertThat(modelsRoot.resolve("iris/1/model.onnx")).exists();
    }

    @Test
    void downloadInterruptedByAFailureResumesWithOnlyTheMissingObject() {
        for (int i = 0; i < 6; i++) {
            fixtures.putKms(prefix + "shard-" + i + ".bin", randomBytes(30_000, 20 + i), ChecksumAlgorithm.CRC32C, Map.of());
        }
        fixtures.putKms(prefix + "broken.bin", randomBytes(30_000, 30), ChecksumAlgorithm.CRC32C, Map.of());
        fixtures.corruptOnDisk(prefix + "broken.bin", 5);
        StorageLocation.S3 location = fixtures.location(prefix);
        assertThatThrownBy(() -> downloader.fetch("iris", "1", location)).isInstanceOf(FetchFailure.class);
        CacheManifest staged = ModelDirectory.readManifest(modelsRoot.resolve("iris/.staging-1")).orElseThrow();
        assertThat(staged.files()).doesNotContainKey("broken.bin");
        fixtures.putKms(prefix + "broken.bin", randomBytes(30_000, 30), ChecksumAlgorithm.CRC32C, Map.of());
        double gets = requests("GetObject");

        FetchResult resumed = downloader.fetch("iris", "1", location);

        int alreadyStaged = staged.files().size();
        assertThat(requests("GetObject")).isEqualTo(gets + 7 - alreadyStaged);
        assertThat(resumed.filesDownloaded() + resumed.filesUnchanged()).isEqualTo(7);
        assertThat(modelsRoot.resolve("iris/1/broken.bin")).hasBinaryContent(randomBytes(30_000, 30));
        assertThat(modelsRoot.resolve("iris/.staging-1")).doesNotExist();
        assertThat(modelsRoot.resolve("iris/.inflight-1")).doesNotExist();
    }

    @Test
    void storageUriNamingOneObjectFetchesThatObject() {
        fixtures.putKms(prefix + "model.onnx", randomBytes(2000, 40), ChecksumAlgorithm.SHA1, Map.of());

        FetchResult result = downloader.fetch("iris", "1", fixtures.location(prefix + "model.onnx"));

        assertThat(result.directory().resolve("model.onnx")).hasBinaryContent(randomBytes(2000, 40));
        assertThat(result.verification()).isEqualTo("sha1 (1 file)");
    }

    @Test
    void emptyPrefixIsNamedWithTheStorageUri() {
        assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix)))
                .hasMessage("Model iris: no objects under s3://testkit/" + prefix + " at endpoint " + server.endpoint()
                        + ", region us-east-1; check the storageUri 's3-kms://testkit/" + prefix + "'");
    }

    @Test
    void missingBucketIsNamed() {
        StorageLocation.S3 elsewhere = (StorageLocation.S3) StorageResolver.resolve("iris",
                "s3-kms://no-such-bucket/iris", Optional.of(secretFor(fixtures.location(prefix))));

        assertThatThrownBy(() -> downloader.fetch("iris", "1", elsewhere))
                .hasMessageStartingWith("Model iris: ListObjectsV2 s3://no-such-bucket/iris/ failed: bucket 'no-such-bucket' "
                        + "does not exist at endpoint " + server.endpoint() + ", region us-east-1");
    }

    @Test
    void endpointThatDoesNotAnswerIsNamedWithRegion() {
        StorageLocation.S3 nowhere = fixtures.location(prefix, URI.create("http://127.0.0.1:9"));

        assertThatThrownBy(() -> downloader.fetch("iris", "1", nowhere))
                .hasMessageStartingWith("Model iris: cannot reach S3 for s3://testkit/" + prefix
                        + " at endpoint http://127.0.0.1:9, region us-east-1: ")
                .hasMessageEndingWith("; check parameters.endpoint in secret 's3-kms-models' and parameters.region in secret 's3-kms-models'");
    }

    @Test
    void getDeniedOnAKmsObjectNamesKmsDecryptOnTheObjectsKey() {
        fixtures.putKms(prefix + "model.onnx", randomBytes(3000, 41), ChecksumAlgorithm.SHA256, Map.of());
        try (S3Gateway gateway = new S3Gateway(server.endpoint(), request -> request.isObjectGet()
                ? Optional.of(new S3Gateway.Answer(403, Map.of(), "AccessDenied", "Access Denied"))
                : Optional.empty())) {

            assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix, gateway.endpoint())))
                    .isInstanceOf(FetchFailure.class)
                    .hasMessage("Model iris: GetObject s3://testkit/" + prefix + "model.onnx failed: access denied "
                            + "decrypting the SSE-KMS object: the credentials need kms:Decrypt on key " + server.kmsKeyId()
                            + ", allowed by both their IAM policy and the key's key policy (and s3:GetObject on "
                            + "arn:aws:s3:::testkit/" + prefix + "model.onnx) (S3 answered 403 AccessDenied: Access Denied)");
        }
    }

    @Test
    void getDeniedOnAPlainObjectNamesGetObjectThoughTheSecretNamesAKmsKey() {
        fixtures.putPlain(prefix + "model.onnx", randomBytes(3000, 47));
        StorageLocation.S3 location = fixtures.location(prefix);
        assertThat(location.access().configuredKmsKeyId()).isPresent();
        try (S3Gateway gateway = new S3Gateway(server.endpoint(), request -> request.isObjectGet()
                || request.method().equals("HEAD")
                ? Optional.of(new S3Gateway.Answer(403, Map.of(), "AccessDenied", "Access Denied"))
                : Optional.empty())) {

            assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix, gateway.endpoint())))
                    .isInstanceOf(FetchFailure.class)
                    .hasMessage("Model iris: GetObject s3://testkit/" + prefix + "model.onnx failed: access denied: the "
                            + "credentials need s3:GetObject on arn:aws:s3:::testkit/" + prefix + "model.onnx "
                            + "(S3 answered 403 AccessDenied: Access Denied)");
        }
    }

    @Test
    void listingDeniedNamesListBucket() {
        try (S3Gateway gateway = new S3Gateway(server.endpoint(), request ->
                Optional.of(new S3Gateway.Answer(403, Map.of(), "AccessDenied", "Access Denied")))) {

            assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix, gateway.endpoint())))
                    .hasMessage("Model iris: ListObjectsV2 s3://testkit/" + prefix + " failed: access denied: the credentials "
                            + "need s3:ListBucket on arn:aws:s3:::testkit (prefix " + prefix + ") "
                            + "(S3 answered 403 AccessDenied: Access Denied)");
        }
    }

    @Test
    void bucketInAnotherRegionIsNamedWithBothRegions() {
        try (S3Gateway gateway = new S3Gateway(server.endpoint(), request -> Optional.of(new S3Gateway.Answer(301,
                Map.of("x-amz-bucket-region", "eu-west-1"), "PermanentRedirect",
                "The bucket you are attempting to access must be addressed using the specified endpoint.")))) {

            assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix, gateway.endpoint())))
                    .hasMessageStartingWith("Model iris: ListObjectsV2 s3://testkit/" + prefix + " failed: wrong region or "
                            + "endpoint: the bucket is in region eu-west-1, requests went to endpoint " + gateway.endpoint()
                            + ", region us-east-1; set parameters.region in secret 's3-kms-models' and parameters.endpoint "
                            + "in secret 's3-kms-models' (S3 answered 301");
        }
    }

    /** The fetch of {@link #prefix} fails with a refusal: the load would not be retried by itself. */
    private AbstractThrowableAssert<?, ? extends Throwable> assertRefusedWithoutRetry() {
        return assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix)))
                .isInstanceOf(FetchFailure.class).isNotInstanceOf(TransientFailure.class);
    }

    private ModelSecret secretFor(StorageLocation.S3 location) {
        return new ModelSecret("s3-kms-models", Map.of("s3-kms",
                "type: s3\nname: s3-kms\nparameters:\n  access_key_id: a\n  secret_access_key: b\n  region: us-east-1\n"
                        + "  endpoint: " + location.access().endpoint().orElseThrow() + "\n"));
    }

    private double requests(String operation) {
        Counter counter = registry.find(FetcherMetrics.S3_REQUESTS).tag("operation", operation).counter();
        return counter == null ? 0 : counter.count();
    }

    private double counter(String name, String tag, String value) {
        Counter counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String md5Base64(byte[] data) {
        return Base64.getEncoder().encodeToString(ChecksumAlgorithm.MD5.of(data));
    }
}
