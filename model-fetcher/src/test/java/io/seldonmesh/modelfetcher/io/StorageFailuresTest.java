package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.Counter;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;

/**
 * Storage that fails, on real servers: an S3 server that is down when the model is applied and
 * started later (a server of this test's own, its data kept across the stop), S3 throttling, and
 * the refusals that will not pass by themselves (a missing key, access denied). A transient failure
 * is retried (0.5 s, doubling to 2 s here) with the attempt and the next try in the status, until
 * the model is Available by itself; a refusal is LoadFailed at once and never tried again.
 */
class StorageFailuresTest {

    private static final ServerIdentity SERVER = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of(),
            OptionalLong.empty(), new Endpoints("http://mlserver-0:9500", null));
    private static final byte[] ADD10_SETTINGS = "{\"implementation\": \"add10\"}".getBytes(StandardCharsets.UTF_8);
    private static final String STORE = "com.adobe.testing.s3mock.store.";
    private static final String NOT_RETRIED = "; not retried: apply the Model again once this is corrected";
    /** Longer than the longest wait between attempts (2 s): a retry would have happened within it. */
    private static final Duration NO_RETRY_WINDOW = Duration.ofSeconds(4);

    @TempDir
    Path directory;

    private final String prefix = "failures-" + System.nanoTime() + "/";
    private ModelTopics topics;
    private ServerReplica replica;

    @BeforeEach
    void start() throws Exception {
        topics = new ModelTopics();
        replica = new ServerReplica(SERVER, topics, directory.resolve("replica"), List.of());
    }

    @AfterEach
    void stop() {
        replica.close();
        topics.close();
    }

    @Test
    void modelWhoseS3IsDownWhenAppliedBecomesAvailableByItselfOnceS3IsBack() throws Exception {
        int port = FreePort.next();
        Path data = directory.resolve("s3-data");
        S3Server first = s3(port, data, null);
        String kmsKeyId = first.kmsKeyId();
        try (S3Fixtures fixtures = new S3Fixtures(first, "outage")) {
            fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS, ChecksumAlgorithm.CRC32C, Map.of());
            replica.writeSecret("s3-kms-models", fixtures.rcloneSecret(first.endpoint()));
        }
        first.close();

        topics.sendSpec("iris", spec("s3-kms://outage/" + prefix + "iris"));
        ModelStatus secondFailure = topics.await("iris", status -> status.state() == ModelState.LOAD_FAILED
                && status.reason().contains("attempt 2 failed"), "LoadFailed after attempt 2");
        long restarted;
        try (S3Server second = s3(port, data, kmsKeyId)) {
            restarted = System.nanoTime();
            ModelStatus available = topics.await("iris", ModelState.AVAILABLE);
            Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);

            System.out.printf("S3 back: model iris Available %d ms after the S3 server was ready%n", recovery.toMillis());
            assertThat(recovery).as("at most the longest wait (2 s) plus a load").isLessThan(Duration.ofSeconds(10));
            assertThat(available.verification()).isEqualTo("crc32c (1 file)");
        }
        List<ModelStatus> statuses = topics.statusesOf("iris");
        assertThat(statuses.get(0).state()).isEqualTo(ModelState.LOADING);
        assertThat(statuses.get(0).reason()).isNull();
        assertThat(statuses.get(1).state()).isEqualTo(ModelState.LOAD_FAILED);
        assertThat(statuses.get(1).reason()).startsWith("Model iris: cannot reach S3 for s3://outage/" + prefix + "iris/ at ")
                .containsPattern("; attempt 1 failed; next try in 0\\.[2-5] s, at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$");
        assertThat(statuses.get(2).state()).isEqualTo(ModelState.LOADING);
        assertThat(statuses.get(2).reason()).isEqualTo("attempt 2, after a transient failure");
        assertThat(secondFailure.reason()).containsPattern("; attempt 2 failed; next try in (0\\.[5-9]|1\\.0) s, at ");
        assertThat(statuses.get(statuses.size() - 1).state()).isEqualTo(ModelState.AVAILABLE);
        assertThat(statuses.subList(1, statuses.size() - 1)).extracting(ModelStatus::state)
                .containsOnly(ModelState.LOAD_FAILED, ModelState.LOADING);
        assertThat(retries("storage")).isEqualTo(statuses.stream().filter(s -> s.state() == ModelState.LOAD_FAILED).count());
    }

    @Test
    void throttlingS3IsRetriedUntilItAnswers() throws Exception {
        S3Server s3 = SharedServers.s3();
        AtomicInteger throttled = new AtomicInteger();
        try (S3Fixtures fixtures = new S3Fixtures(s3, SharedServers.S3_BUCKET);
             S3Gateway gateway = new S3Gateway(s3.endpoint(), request -> throttled.incrementAndGet() <= 4
                     ? Optional.of(new S3Gateway.Answer(503, Map.of(), "SlowDown", "Please reduce your request rate."))
                     : Optional.empty())) {
            fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS, ChecksumAlgorithm.SHA256, Map.of());
            replica.writeSecret("s3-kms-models", fixtures.rcloneSecret(gateway.endpoint()));

            topics.sendSpec("iris", spec("s3-kms://testkit/" + prefix + "iris"));

            topics.await("iris", ModelState.AVAILABLE);
        }
        assertThat(topics.statusesOf("iris")).filteredOn(status -> status.state() == ModelState.LOAD_FAILED).first()
                .satisfies(failed -> assertThat(failed.reason()).startsWith("Model iris: ListObjectsV2 s3://testkit/" + prefix
                        + "iris/ failed: S3 is unavailable or throttling requests (S3 answered 503 SlowDown: Please reduce your"
                        + " request rate.); attempt 1 failed; next try in "));
        assertThat(retries("storage")).isPositive();
    }

    @Test
    void missingKeyIsLoadFailedAtOnceAndNeverTriedAgain() throws Exception {
        try (S3Fixtures fixtures = new S3Fixtures(SharedServers.s3(), SharedServers.S3_BUCKET)) {
            replica.writeSecret("s3-kms-models", fixtures.rcloneSecret(SharedServers.s3().endpoint()));
        }

        topics.sendSpec("iris", spec("s3-kms://testkit/" + prefix + "missing"));

        assertThat(topics.await("iris", ModelState.LOAD_FAILED).reason()).isEqualTo("Model iris: no objects under s3://testkit/"
                + prefix + "missing/ at endpoint " + SharedServers.s3().endpoint() + ", region us-east-1; check the storageUri"
                + " 's3-kms://testkit/" + prefix + "missing'" + NOT_RETRIED);
        assertNotTriedAgain();
    }

    @Test
    void accessDeniedIsLoadFailedAtOnceAndNeverTriedAgain() throws Exception {
        S3Server s3 = SharedServers.s3();
        try (S3Fixtures fixtures = new S3Fixtures(s3, SharedServers.S3_BUCKET);
             S3Gateway gateway = new S3Gateway(s3.endpoint(),
                     request -> Optional.of(new S3Gateway.Answer(403, Map.of(), "AccessDenied", "Access Denied")))) {
            fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS, ChecksumAlgorithm.SHA256, Map.of());
            replica.writeSecret("s3-kms-models", fixtures.rcloneSecret(gateway.endpoint()));

            topics.sendSpec("iris", spec("s3-kms://testkit/" + prefix + "iris"));

            assertThat(topics.await("iris", ModelState.LOAD_FAILED).reason()).isEqualTo("Model iris: ListObjectsV2 s3://testkit/"
                    + prefix + "iris/ failed: access denied: the credentials need s3:ListBucket on arn:aws:s3:::testkit (prefix "
                    + prefix + "iris/) (S3 answered 403 AccessDenied: Access Denied)" + NOT_RETRIED);
            assertNotTriedAgain();
        }
    }

    @Test
    void modelRequiringAHashManifestWithoutOneIsLoadFailedAtOnceSayingSo() throws Exception {
        try (S3Fixtures fixtures = new S3Fixtures(SharedServers.s3(), SharedServers.S3_BUCKET)) {
            fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS, null, Map.of());
            replica.writeSecret("s3-kms-models", fixtures.rcloneSecret(SharedServers.s3().endpoint()));
        }

        topics.sendSpec("iris", requiringManifest("s3-kms://testkit/" + prefix + "iris"));

        assertThat(topics.await("iris", ModelState.LOAD_FAILED).reason()).isEqualTo("Model iris: s3-kms://testkit/" + prefix
                + "iris has no hash manifest (SHA256SUMS or model.sig in the model's prefix), and the Model's parameter"
                + " require-manifest requires one; write one with 'sha256sum -b * > SHA256SUMS' in the model's directory"
                + " and upload it beside the files" + NOT_RETRIED);
        assertNotTriedAgain();
    }

    @Test
    void modelWithItsHashManifestIsAvailableSayingItsFilesWereVerifiedByIt() throws Exception {
        try (S3Fixtures fixtures = new S3Fixtures(SharedServers.s3(), SharedServers.S3_BUCKET)) {
            fixtures.putKms(prefix + "iris/model-settings.json", ADD10_SETTINGS, null, Map.of());
            fixtures.putKms(prefix + "iris/SHA256SUMS", (S3Fixtures.sha256Hex(ADD10_SETTINGS)
                    + "  model-settings.json\n").getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());
            replica.writeSecret("s3-kms-models", fixtures.rcloneSecret(SharedServers.s3().endpoint()));
        }

        topics.sendSpec("iris", requiringManifest("s3-kms://testkit/" + prefix + "iris"));

        ModelStatus available = topics.await("iris", ModelState.AVAILABLE);
        assertThat(available.verification()).isEqualTo("manifest-sha256 (1 file), sha256 (1 file)");
        assertThat(available.reason()).isEqualTo("verified per file: manifest-sha256: model-settings.json; sha256: SHA256SUMS");
    }

    private static String requiringManifest(String storageUri) {
        return "{\"storageUri\": \"" + storageUri + "\", \"secretName\": \"s3-kms-models\", \"server\": \"mlserver\","
                + " \"parameters\": [{\"name\": \"require-manifest\", \"value\": \"true\"}]}";
    }

    /** Nothing more happens to the model, and S3 was asked once. */
    private void assertNotTriedAgain() throws InterruptedException {
        Thread.sleep(NO_RETRY_WINDOW.toMillis());
        topics.await("iris", ModelState.LOAD_FAILED);
        assertThat(topics.statesOf("iris")).containsExactly(ModelState.LOADING, ModelState.LOAD_FAILED);
        assertThat(replica.s3Requests("ListObjectsV2")).isEqualTo(1);
        assertThat(retries("storage")).isZero();
    }

    private double retries(String source) {
        Counter counter = replica.meters().find("model.fetcher.load.retries").tag("model", "iris").tag("source", source).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String spec(String storageUri) {
        return "{\"storageUri\": \"" + storageUri + "\", \"secretName\": \"s3-kms-models\", \"server\": \"mlserver\"}";
    }

    /** An S3 server of this test on {@code port}, keeping its objects in {@code data} when it stops. */
    private static S3Server s3(int port, Path data, String kmsKeyId) {
        S3Server.Builder builder = S3Server.builder().port(port).property(STORE + "root", data.toString())
                .property(STORE + "retain-files-on-exit", "true");
        if (kmsKeyId == null) {
            builder.bucket("outage");
        } else {
            builder.kmsKeyId(kmsKeyId);
        }
        return builder.start();
    }
}
