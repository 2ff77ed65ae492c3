package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets the tests hand to servers and services (SCRAM passwords, OAuth client secrets, S3 secret keys, issued
 * tokens, private keys), appended to one ledger for the whole Maven build, so that the reactor's last module
 * ({@code secret-scan}) can look for each of them in every log the build wrote. The ledger is the file named by
 * {@value #LEDGER_PROPERTY} (the root pom points it at the reactor's {@code target/secret-scan/used-secrets.txt});
 * unset, as in a test started from an IDE, nothing is recorded.
 *
 * <p>One secret a line, {@code <kind>\t<value as base64>}: a PEM body or a token stays on one line, and the ledger
 * itself never holds a secret in the clear for a scan to trip on. Values shorter than {@value #SHORTEST} characters
 * are not recorded: found in a log they say nothing (a word such as {@code pw} appears anywhere).
 */
public final class UsedSecrets {

    public static final String LEDGER_PROPERTY = "testkit.secrets.ledger";
    static final int SHORTEST = 8;
    /** A PEM line shorter than this is the last of a body: too short to tell a leak from chance. */
    private static final int SHORTEST_PEM_LINE = 40;

    private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

    /** A secret and what it is. */
    public record Secret(String kind, String value) {
    }

    private UsedSecrets() {
    }

    /** Records one secret, e.g. {@code record("SCRAM password", password)}; blank, short or seen values are not. */
    public static void record(String kind, String value) {
        String ledger = System.getProperty(LEDGER_PROPERTY);
        if (ledger == null || ledger.isBlank() || value == null || value.strip().length() < SHORTEST
                || !RECORDED.add(kind + "\t" + value)) {
            return;
        }
        String line = kind + "\t" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\n";
        Path file = Path.of(ledger);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // one write per line with O_APPEND: lines of test JVMs writing at once do not interleave
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a used secret in " + file + " (" + LEDGER_PROPERTY + "): "
                    + e.getMessage(), e);
        }
    }

    /** Records the body lines of a PEM private key: a key leaked into a log shows up as those lines. */
    public static void recordPrivateKey(String pem) {
        pem.lines().map(String::strip)
                .filter(line -> !line.startsWith("-----") && line.length() >= SHORTEST_PEM_LINE)
                .forEach(line -> record("private key (a PEM line)", line));
    }

    /** The secrets in a ledger, each once, in the order first recorded; none when there is no ledger. */
    public static List<Secret> read(Path ledger) {
        Set<Secret> secrets = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(ledger, StandardCharsets.UTF_8)) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0) {
                    secrets.add(new Secret(line.substring(0, tab), new String(Base64.getDecoder().decode(
                            line.substring(tab + 1).strip()), StandardCharsets.UTF_8)));
                }
            }
        } catch (NoSuchFileException absent) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the used secrets in " + ledger + ": " + e.getMessage(), e);
        }
        return List.copyOf(secrets);
    }
}
