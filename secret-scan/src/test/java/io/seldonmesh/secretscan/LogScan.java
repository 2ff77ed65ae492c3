package io.seldonmesh.secretscan;

import io.seldonmesh.testkit.UsedSecrets;
import io.seldonmesh.testkit.UsedSecrets.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One scan: every line of every log of the build under {@code root} ({@link LogFiles}) searched for the secrets in
 * {@code ledger} and the shapes {@link SecretFinder} knows. Apart from the test that runs it so the unit test can run
 * the same scan over a planted log.
 */
record LogScan(LogFiles logs, List<Secret> secrets, long lines, List<String> findings) {

    static LogScan run(Path root, Path ledger) {
        LogFiles logs = LogFiles.under(root);
        List<Secret> secrets = UsedSecrets.read(ledger);
        SecretFinder finder = new SecretFinder(secrets);
        List<String> findings = new ArrayList<>();
        long lines = 0;
        for (Path file : logs.ours()) {
            try (BufferedReader reader = reader(file)) {
                int number = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    number++;
                    for (SecretFinder.Hit hit : finder.find(line)) {
                        findings.add(root.relativize(file) + ":" + number + ": " + hit.kind() + ": " + hit.redactedLine());
                    }
                }
                lines += number;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + " to scan it for secrets: " + e.getMessage(), e);
            }
        }
        return new LogScan(logs, secrets, lines, List.copyOf(findings));
    }

    /** How many secrets of each kind the ledger held, e.g. "2 SCRAM password, 1 S3 secret access key". */
    String kinds() {
        Map<String, Long> byKind = new TreeMap<>(secrets.stream()
                .collect(Collectors.groupingBy(Secret::kind, Collectors.counting())));
        return byKind.isEmpty() ? "none" : byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /** Logs are UTF-8 text, mostly; a stray byte must not stop the scan. */
    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }
}
