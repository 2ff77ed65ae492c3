package io.seldonmesh.secretscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.seldonmesh.testkit.UsedSecrets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17's "nothing secret in output", over the whole build: this module is the reactor's last, so by now every
 * module's tests have run, and each has left its services' logs under its {@code target/} ({@link LogFiles}) and
 * appended the secrets it used to the ledger ({@code UsedSecrets}). Every line of every log is searched for each of
 * them, their base64 forms, and any access token or private key ({@link SecretFinder}); a hit fails the build naming
 * the file and line, with the secret itself redacted. Run alone, with no logs about, it says it scanned nothing and
 * is skipped.
 */
class NoSecretInLogsTest {

    private static final Path ROOT = Path.of(System.getProperty("secret-scan.root",
            Path.of("").toAbsolutePath().getParent().toString()));
    private static final Path LEDGER = Path.of(System.getProperty(UsedSecrets.LEDGER_PROPERTY,
            ROOT.resolve("target/secret-scan/used-secrets.txt").toString()));

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void noLogOfTheBuildHoldsASecretItsTestsUsed() {
        long started = System.nanoTime();
        LogScan scan = LogScan.run(ROOT, LEDGER);
        System.out.printf("secret scan: %d lines in %d log files under %s (%d of third-party test servers not"
                        + " scanned) in %d ms; %d recorded secrets from %s (%s), their base64 forms, and any JSON Web"
                        + " Token or PEM private key; %d findings%n", scan.lines(), scan.logs().ours().size(), ROOT,
                scan.logs().thirdParty().size(), (System.nanoTime() - started) / 1_000_000, scan.secrets().size(),
                LEDGER, scan.kinds(), scan.findings().size());
        assumeTrue(!scan.logs().ours().isEmpty(), "scanned 0 log files under " + ROOT + ": no module's tests have run"
                + " in this checkout, so there is nothing to scan; run the whole build (./mvnw verify) for the scan to"
                + " mean something");

        assertThat(scan.findings()).as("secrets in the build's logs (%d lines in %d files scanned; each secret shown as"
                + " %s); fix the service that printed it, not this scan", scan.lines(), scan.logs().ours().size(),
                SecretFinder.REDACTED).isEmpty();
    }
}
