package io.seldonmesh.modelfetcher;

import static io.seldonmesh.modelfetcher.io.S3Fixtures.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.io.S3Fixtures;
import io.seldonmesh.testkit.PackagedDoctor;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar quarkus-run.jar fetch <storageUri> <dest> --secret FILE} of the packaged fetcher, as an init
 * container runs it, against testkit's S3 server: verified files and exit 0; a refusal and an integrity failure each
 * with their own exit status and the service's message.
 */
class OneShotFetchIT {

    private static final Path APPLICATION = QuarkusApp.moduleApplication("model-fetcher");
    private static final byte[] SETTINGS = "{\"implementation\": \"add10\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WEIGHTS = "0123456789".repeat(30_000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path directory;

    private static final String PREFIX = "one-shot-" + System.nanoTime() + "/";
    private static Path secret;

    @BeforeAll
    static void upload() throws IOException {
        S3Server s3 = SharedServers.s3();
        try (S3Fixtures fixtures = new S3Fixtures(s3, SharedServers.S3_BUCKET)) {
            fixtures.putKms(PREFIX + "iris/model-settings.json", SETTINGS, ChecksumAlgorithm.SHA256, Map.of());
            fixtures.putKms(PREFIX + "iris/model.bin", WEIGHTS, null, Map.of());
            fixtures.putKms(PREFIX + "iris/SHA256SUMS", (sha256Hex(SETTINGS) + "  model-settings.json\n" + sha256Hex(WEIGHTS)
                    + "  model.bin\n").getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());
            fixtures.putKms(PREFIX + "broken/model.bin", WEIGHTS, null, Map.of());
            fixtures.putKms(PREFIX + "broken/SHA256SUMS", (sha256Hex(SETTINGS) + "  model.bin\n")
                    .getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());
            secret = directory.resolve("s3-kms.yaml");
            Files.writeString(secret, fixtures.rcloneSecret(s3.endpoint()));
        }
    }

    @Test
    void fetchesAndVerifiesTheModelThenExitsZeroWithOneSummaryLine() throws IOException {
        Path dest = directory.resolve("models");

        PackagedDoctor.Result result = fetch("s3-kms://" + SharedServers.S3_BUCKET + "/" + PREFIX + "iris", dest);

        assertThat(result.exitStatus()).as(result.output()).isZero();
        assertThat(Files.readAllBytes(dest.resolve("iris/1/model.bin"))).isEqualTo(WEIGHTS);
        assertThat(Files.readAllBytes(dest.resolve("iris/1/model-settings.json"))).isEqualTo(SETTINGS);
        assertThat(result.output()).contains("model-fetcher fetch: iris: 3 files fetched")
                .contains("into " + dest.resolve("iris/1") + "; verified: manifest-sha256 (2 files), sha256 (1 file)")
                .doesNotContain("DEBUG").doesNotContain("Kafka").doesNotContain("Quarkus");

        PackagedDoctor.Result again = fetch("s3-kms://" + SharedServers.S3_BUCKET + "/" + PREFIX + "iris", dest);

        assertThat(again.exitStatus()).as(again.output()).isZero();
        assertThat(again.output()).contains("iris: 0 files fetched (0.0 MiB), 3 unchanged");
    }

    @Test
    void aBucketThatDoesNotExistIsRefusedWithExitThree() {
        PackagedDoctor.Result result = fetch("s3-kms://no-such-bucket-" + System.nanoTime() + "/iris",
                directory.resolve("refused"));

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(3);
        assertThat(result.output()).contains("model-fetcher fetch: refused (exit 3): Model iris: ListObjectsV2 s3://no-such-bucket-");
    }

    @Test
    void aFileThatDoesNotMatchTheManifestIsAnIntegrityFailureWithExitFour() {
        PackagedDoctor.Result result = fetch("s3-kms://" + SharedServers.S3_BUCKET + "/" + PREFIX + "broken",
                directory.resolve("broken"));

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(4);
        assertThat(result.output()).contains("model-fetcher fetch: integrity (exit 4): Model broken: s3://testkit/" + PREFIX
                + "broken/model.bin failed verification: manifest-sha256 expected " + sha256Hex(SETTINGS))
                .contains("the same wrong digest each time");
    }

    @Test
    void aMissingArgumentPrintsTheUsageWithExitTwo() {
        PackagedDoctor.Result result = PackagedDoctor.command(APPLICATION, Map.of(), List.of("fetch", "s3://b/iris"));

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("usage: fetch <storageUri> <dest>");
    }

    private static PackagedDoctor.Result fetch(String storageUri, Path dest) {
        return PackagedDoctor.command(APPLICATION, Map.of(), List.of("fetch", storageUri, dest.toString(), "--secret",
                secret.toString()));
    }
}
