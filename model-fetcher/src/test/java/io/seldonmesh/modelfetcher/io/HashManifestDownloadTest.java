package io.seldonmesh.modelfetcher.io;

import static io.seldonmesh.modelfetcher.io.S3Fixtures.MIB;
import static io.seldonmesh.modelfetcher.io.S3Fixtures.randomBytes;
import static io.seldonmesh.modelfetcher.io.S3Fixtures.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.CacheManifest;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.IntegrityFailure;
import io.seldonmesh.testkit.SharedServers;

/**
 * A hash manifest beside the model's files verifies SSE-KMS objects that carry no S3 checksum (S3Mock, real GETs):
 * a flipped byte is caught, files it does not list or lists in vain fail the model, and a required manifest that is
 * not there fails it with the reason.
 */
class HashManifestDownloadTest {

    /** Small split and range sizes, so that the 11 MiB object takes the ranged path. */
    private static final DownloadSettings SETTINGS = new DownloadSettings(4, 8 * MIB, 2 * MIB, 3, 64 * 1024,
            Duration.ofSeconds(5));

    @TempDir
    Path modelsRoot;

    private final S3Fixtures fixtures = new S3Fixtures(SharedServers.s3(), SharedServers.S3_BUCKET);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final String prefix = "manifest-" + System.nanoTime() + "/";
    private S3ArtifactDownloader downloader;

    @BeforeEach
    void start() {
        downloader = new S3ArtifactDownloader(modelsRoot, SETTINGS, new FetcherMetrics(registry));
    }

    @AfterEach
    void stop() {
        downloader.close();
        fixtures.close();
    }

    @Test
    void kmsObjectsWithoutChecksumsAreVerifiedByTheManifestAndKeptOnResync() throws IOException {
        byte[] small = randomBytes(200_000, 1);
        byte[] large = randomBytes(11 * MIB, 2);
        fixtures.putKms(prefix + "model-settings.json", small, null, Map.of());
        fixtures.putKmsMultipart(prefix + "weights/model.bin", large, 5 * MIB, null, null, Map.of());
        fixtures.putKms(prefix + "SHA256SUMS", (sha256Hex(small) + "  model-settings.json\n" + sha256Hex(large)
                + " *./weights/model.bin\n").getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());

        FetchResult result = downloader.fetch("iris", "1", fixtures.location(prefix));

        assertThat(result.verification()).isEqualTo("manifest-sha256 (2 files), sha256 (1 file)");
        Path version = modelsRoot.resolve("iris/1");
        assertThat(Files.readAllBytes(version.resolve("weights/model.bin"))).isEqualTo(large);
        CacheManifest cached = ModelDirectory.readManifest(version).orElseThrow();
        assertThat(cached.files().get("weights/model.bin").sha256()).isEqualTo(sha256Hex(large));

        double gets = requests("GetObject");
        FetchResult again = downloader.fetch("iris", "1", fixtures.location(prefix));

        assertThat(again.filesUnchanged()).isEqualTo(3);
        assertThat(again.verification()).isEqualTo("manifest-sha256 (2 files), sha256 (1 file)");
        assertThat(requests("GetObject")).as("only the manifest is read again").isEqualTo(gets + 1);
    }

    @Test
    void flippedByteInAKmsObjectWithoutChecksumIsCaughtAfterTwoIdenticalDigests() {
        byte[] data = randomBytes(300_000, 3);
        fixtures.putKms(prefix + "model.onnx", data, null, Map.of());
        fixtures.putKms(prefix + "SHA256SUMS", (sha256Hex(data) + "  model.onnx\n").getBytes(StandardCharsets.UTF_8),
                null, Map.of());
        fixtures.corruptOnDisk(prefix + "model.onnx", 1000);
        double gets = requests("GetObject");

        assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix)))
                .isInstanceOf(IntegrityFailure.class)
                .hasMessageStartingWith("Model iris: s3://testkit/" + prefix + "model.onnx failed verification:"
                        + " manifest-sha256 expected " + sha256Hex(data) + " (the model's hash manifest), downloaded bytes give ")
                .hasMessageContaining("(2 attempts, the same wrong digest each time");
        assertThat(requests("GetObject")).as("the manifest read, then fetched as a file; the object twice, not three times")
                .isEqualTo(gets + 4);
        assertThat(modelsRoot.resolve("iris/1")).doesNotExist();
    }

    @Test
    void filesTheManifestDoesNotListAndListedFilesMissingFailTheModel() {
        byte[] data = randomBytes(1000, 4);
        fixtures.putKms(prefix + "model.onnx", data, null, Map.of());
        fixtures.putKms(prefix + "extra.bin", data, null, Map.of());
        fixtures.putKms(prefix + "SHA256SUMS", (sha256Hex(data) + "  model.onnx\n" + sha256Hex(data) + "  gone.bin\n")
                .getBytes(StandardCharsets.UTF_8), null, Map.of());

        assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix)))
                .isInstanceOf(IntegrityFailure.class)
                .hasMessage("Model iris: SHA256SUMS does not list 1 file (extra.bin) of s3-kms://testkit/" + prefix
                        + ": add them to it, or remove them from the model's prefix; SHA256SUMS lists 1 file (gone.bin)"
                        + " that s3-kms://testkit/" + prefix + " does not have: upload them, or remove their lines");
    }

    @Test
    void requiredManifestThatIsMissingFailsNamingWhoRequiresIt() {
        fixtures.putKms(prefix + "model.onnx", randomBytes(1000, 5), null, Map.of());

        assertThatThrownBy(() -> downloader.fetch("iris", "1", fixtures.location(prefix), true))
                .isInstanceOf(IntegrityFailure.class)
                .hasMessageStartingWith("Model iris: s3-kms://testkit/" + prefix + " has no hash manifest (SHA256SUMS or"
                        + " model.sig in the model's prefix), and the Model's parameter require-manifest requires one");
        try (S3ArtifactDownloader requiring = new S3ArtifactDownloader(modelsRoot, SETTINGS.requiringManifest(true),
                new FetcherMetrics(registry))) {
            assertThatThrownBy(() -> requiring.fetch("iris", "1", fixtures.location(prefix)))
                    .isInstanceOf(IntegrityFailure.class)
                    .hasMessageContaining("and the fetcher's DOWNLOAD_REQUIRE_MANIFEST requires one");
        }
    }

    @Test
    void openSsfModelSignatureDigestsVerifyTheFiles() {
        byte[] data = randomBytes(5000, 6);
        fixtures.putKms(prefix + "model.onnx", data, null, Map.of());
        String statement = "{\"_type\": \"https://in-toto.io/Statement/v1\", \"predicateType\":"
                + " \"https://model_signing/signature/v1.0\", \"predicate\": {\"resources\": [{\"name\": \"model.onnx\","
                + " \"algorithm\": \"sha256\", \"digest\": \"" + sha256Hex(data) + "\"}]}}";
        String bundle = "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"dsseEnvelope\":"
                + " {\"payload\": \"" + Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8))
                + "\", \"payloadType\": \"application/vnd.in-toto+json\", \"signatures\": []}}";
        fixtures.putKms(prefix + "model.sig", bundle.getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());

        FetchResult result = downloader.fetch("iris", "1", fixtures.location(prefix), true);

        assertThat(result.verification()).isEqualTo("manifest-sha256 (1 file), sha256 (1 file)");
    }

    private double requests(String operation) {
        Counter counter = registry.find(FetcherMetrics.S3_REQUESTS).tag("operation", operation).counter();
        return counter == null ? 0 : counter.count();
    }
}
