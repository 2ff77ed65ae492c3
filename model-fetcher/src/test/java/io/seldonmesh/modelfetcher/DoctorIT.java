package io.seldonmesh.modelfetcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.io.S3Fixtures;
import io.seldonmesh.testkit.DoctorScenarios;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.PackagedDoctor;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.SharedServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar quarkus-run.jar doctor} of the packaged fetcher finds the three usual Kafka mistakes, and says
 * which; with its own variables it checks the model server and, through the fetcher's mounted secret, storage.
 */
class DoctorIT {

    @TempDir
    static Path directory;

    private static DoctorScenarios scenarios;
    private static final Path APPLICATION = QuarkusApp.moduleApplication("model-fetcher");
    /** Nothing listens there: the doctor's model server line fails fast, the same in every run. */
    private static final String NO_MODEL_SERVER = "http://127.0.0.1:" + FreePort.next();

    @BeforeAll
    static void start() {
        scenarios = DoctorScenarios.start(directory.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        scenarios.close();
    }

    @Test
    void wrongPortFailsAtTcp() {
        scenarios.failsAtTcp(APPLICATION, "model-fetcher", Map.of("MODEL_SERVER_URL", NO_MODEL_SERVER));
    }

    @Test
    void wrongPasswordFailsAtAuthentication() {
        scenarios.failsAtAuthentication(APPLICATION, Map.of("MODEL_SERVER_URL", NO_MODEL_SERVER));
    }

    @Test
    void missingAclFailsAtAccessNamingTheTopicAndTheGrant() {
        scenarios.failsAtAccess(APPLICATION, Map.of("MODEL_SERVER_URL", NO_MODEL_SERVER),
                "topic seldon.doctor.control.models", "topic seldon.doctor.status.models");
    }

    @Test
    void modelServerAndStorageAreCheckedWithTheFetchersOwnVariablesAndSecret() throws IOException {
        S3Server s3 = SharedServers.s3();
        try (S3Fixtures fixtures = new S3Fixtures(s3, SharedServers.S3_BUCKET)) {
            fixtures.putKms("doctor-it/iris/model-settings.json", "{\"implementation\": \"add10\"}"
                    .getBytes(StandardCharsets.UTF_8), ChecksumAlgorithm.SHA256, Map.of());
        }
        Path secret = Files.createDirectories(directory.resolve("secrets/s3-kms-models"));
        Files.writeString(secret.resolve("remote"), """
                {"type": "s3", "name": "s3-kms", "parameters": {"env_auth": "false", "access_key_id": "%s",
                 "secret_access_key": "%s", "region": "%s", "endpoint": "%s"}}
                """.formatted(s3.accessKeyId(), s3.secretAccessKey(), s3.region(), s3.endpoint()));
        Map<String, String> fetcher = new HashMap<>(Map.of("MODEL_SERVER_URL", NO_MODEL_SERVER,
                "SECRETS_DIR", directory.resolve("secrets").toString(),
                "DOCTOR_STORAGE_URI", "s3-kms://" + SharedServers.S3_BUCKET + "/doctor-it/iris",
                "DOCTOR_STORAGE_SECRET", "s3-kms-models"));

        PackagedDoctor.Result result = scenarios.missingAcls(APPLICATION, fetcher);

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("FAIL model server   cannot reach the model server at " + NO_MODEL_SERVER)
                .contains("check MODEL_SERVER_URL")
                .contains("OK   storage        s3://testkit/doctor-it/iris/ listed at endpoint " + s3.endpoint())
                .contains("OK   kms:Decrypt    allowed on key " + s3.kmsKeyId())
                .as("only the doctor's lines, not the libraries' debug logging").doesNotContain("DEBUG");
    }
}
