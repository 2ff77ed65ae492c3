package io.seldonmesh.secretscan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which files under the reactor's modules hold what the build's processes printed: the logs of every child process
 * testkit started ({@code <module>/target/testkit/<server>-<n>/<server>.log}), log files the services wrote in tests
 * ({@code target/*.log}, rotated {@code .log.<n>} too), and the test JVMs' own output as surefire and failsafe keep it
 * ({@code TEST-*.xml} with each test's {@code system-out}, {@code *-output.txt} when redirected). The logs of the
 * third-party servers testkit runs for the tests (the Kafka broker, S3Mock, mock-oauth2-server, chromedriver) are
 * counted apart: they are not this project's output, and Kafka's broker prints a token it rejects in full.
 */
record LogFiles(List<Path> ours, List<Path> thirdParty) {

    private static final Pattern LOG = Pattern.compile("(.*\\.log(\\.\\d+)?|.*-output\\.txt|TEST-.*\\.xml)");
    private static final Set<String> THIRD_PARTY = Set.of("kafka.log", "format.log", "oauth.log", "s3.log",
            "chromedriver.log");
    /** Not the build's: bench/ is outside the reactor, and the ledger is where the secrets are kept. */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "bench", "node_modules", "secret-scan");

    static LogFiles under(Path root) {
        if (!Files.isDirectory(root)) {
            return new LogFiles(List.of(), List.of());
        }
        try (Stream<Path> modules = Files.list(root)) {
            List<Path> all = modules.filter(Files::isDirectory)
                    .filter(module -> !SKIPPED_DIRECTORIES.contains(module.getFileName().toString()))
                    .flatMap(module -> logsIn(module.resolve("target")))
                    .sorted().toList();
            return new LogFiles(all.stream().filter(file -> !isThirdParty(file)).toList(),
                    all.stream().filter(LogFiles::isThirdParty).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static Stream<Path> logsIn(Path target) {
        if (!Files.isDirectory(target)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(target)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> LOG.matcher(file.getFileName().toString()).matches())
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean isThirdParty(Path file) {
        return THIRD_PARTY.contains(file.getFileName().toString());
    }
}
