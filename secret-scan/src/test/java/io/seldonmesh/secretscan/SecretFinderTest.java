package io.seldonmesh.secretscan;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.testkit.UsedSecrets;
import io.seldonmesh.testkit.UsedSecrets.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan finds what it is meant to find, says where, and never repeats the secret. */
class SecretFinderTest {

    private static final String TOKEN = "eyJraWQiOiJ0ZXN0a2l0IiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJrYWZrYS1jbGllbnQifQ"
            + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

    @TempDir
    Path root;

    private final SecretFinder finder = new SecretFinder(List.of(new Secret("SCRAM password", "scram-user-secret")));

    @Test
    void recordedSecretIsFoundAndRedacted() {
        List<SecretFinder.Hit> hits = finder.find("12:00 INFO connecting with password=scram-user-secret to broker");

        assertThat(hits).containsExactly(new SecretFinder.Hit("SCRAM password",
                "12:00 INFO connecting with password=[REDACTED] to broker"));
    }

    @Test
    void anyAccessTokenOrPrivateKeyIsFoundThoughNoTestRecordedIt() {
        assertThat(finder.find("Authorization: Bearer " + TOKEN)).singleElement()
                .satisfies(hit -> assertThat(hit.redactedLine()).isEqualTo("Authorization: Bearer [REDACTED]")
                        .doesNotContain(TOKEN));
        assertThat(finder.find("-----BEGIN PRIVATE KEY-----")).extracting(SecretFinder.Hit::kind)
                .containsExactly("a PEM private key");
        assertThat(finder.find("token refused: not before its nbf claim")).isEmpty();
    }

    @Test
    void base64FormIsFoundWhereverTheSecretSitsInTheEncodedText() {
        for (String prefix : List.of("", "u:", "ab:", "user:")) {
            String basic = Base64.getEncoder().encodeToString((prefix + "scram-user-secret").getBytes(UTF_8));

            assertThat(finder.find("GET /topics Authorization: Basic " + basic)).as("encoded after '%s'", prefix)
                    .extracting(SecretFinder.Hit::kind).containsExactly("SCRAM password, base64-encoded");
        }
        assertThat(finder.find("Authorization: Basic " + Base64.getEncoder().encodeToString("user:other-one".getBytes(
                UTF_8)))).isEmpty();
    }

    @Test
    void manySecretsOverALongLineAreFoundAtAnyPosition() {
        List<Secret> secrets = IntStream.range(0, 500).mapToObj(i -> new Secret("key " + i, "secret-value-" + i + "-x"))
                .toList();
        SecretFinder many = new SecretFinder(secrets);
        String line = "x".repeat(5_000) + "secret-value-437-x" + "y".repeat(5_000);

        assertThat(many.find(line)).extracting(SecretFinder.Hit::kind).containsExactly("key 437");
        assertThat(many.find("secret-value-499-x")).extracting(SecretFinder.Hit::kind).containsExactly("key 499");
        assertThat(many.find("secret-value-4")).isEmpty();
    }

    /** The whole scan, as NoSecretInLogsTest runs it at the end of the build, over a log with a secret planted. */
    @Test
    void scanFailsOnASecretPlantedInASampleLog() throws IOException {
        Path ledger = root.resolve("target/secret-scan/used-secrets.txt");
        Files.createDirectories(ledger.getParent());
        Files.writeString(ledger, "S3 secret access key\t" + Base64.getEncoder().encodeToString(
                "planted-s3-secret".getBytes(UTF_8)) + "\n");
        Path log = root.resolve("model-fetcher/target/testkit/model-fetcher-1/model-fetcher.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "INFO started\nWARN cannot list bucket models with key testkit/planted-s3-secret\n");
        Path clean = root.resolve("model-server/target/surefire-reports/TEST-io.seldonmesh.Y.xml");
        Files.createDirectories(clean.getParent());
        Files.writeString(clean, "<system-out>secret_access_key=[redacted]</system-out>\n");

        LogScan scan = LogScan.run(root, ledger);

        assertThat(scan.logs().ours()).hasSize(2);
        assertThat(scan.lines()).isEqualTo(3);
        assertThat(scan.findings()).containsExactly("model-fetcher/target/testkit/model-fetcher-1/model-fetcher.log:2:"
                + " S3 secret access key: WARN cannot list bucket models with key testkit/[REDACTED]");
        assertThat(String.join("\n", scan.findings())).doesNotContain("planted-s3-secret");
    }

    @Test
    void ledgerRoundTripsSecretsOncePerValue() throws IOException {
        Path ledger = root.resolve("target/secret-scan/used-secrets.txt");
        Files.createDirectories(ledger.getParent());
        Files.writeString(ledger, "SCRAM password\tc2NyYW0tdXNlci1zZWNyZXQ=\nSCRAM password\tc2NyYW0tdXNlci1zZWNyZXQ=\n");

        assertThat(UsedSecrets.read(ledger)).containsExactly(new Secret("SCRAM password", "scram-user-secret"));
        assertThat(UsedSecrets.read(root.resolve("absent"))).isEmpty();
    }

    @Test
    void logsOfTheServicesAreScannedAndThirdPartyServersCountedApart() throws IOException {
        for (String file : List.of("model-gateway/target/testkit/model-server-1/model-server.log",
                "model-gateway/target/testkit/kafka-2/kafka.log", "secret-sync/target/secret-sync-test.log.1",
                "pipeline-gateway/target/surefire-reports/TEST-io.seldonmesh.X.xml",
                "pipeline-gateway/target/surefire-reports/io.seldonmesh.X.txt",
                "target/secret-scan/used-secrets.txt", "bench/target/run.log", "common/src/test/resources/a.log")) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), "line\n");
        }

        LogFiles logs = LogFiles.under(root);

        assertThat(logs.ours()).extracting(path -> root.relativize(path).toString()).containsExactly(
                "model-gateway/target/testkit/model-server-1/model-server.log",
                "pipeline-gateway/target/surefire-reports/TEST-io.seldonmesh.X.xml",
                "secret-sync/target/secret-sync-test.log.1");
        assertThat(logs.thirdParty()).extracting(path -> path.getFileName().toString()).containsExactly("kafka.log");
        assertThat(LogFiles.under(root.resolve("nothing-here")).ours()).isEmpty();
    }
}
