package io.seldonmesh.modelfetcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.FetchOutcome;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.ModelSecret;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.StorageResolver;
import io.seldonmesh.modelfetcher.io.MountedSecrets;
import io.seldonmesh.modelfetcher.io.S3ArtifactDownloader;

/**
 * {@code java -jar quarkus-run.jar fetch <storageUri> <dest> [--secret FILE] [--model NAME] [--require-manifest]}: one
 * model fetched and verified exactly as the service does it ({@link S3ArtifactDownloader}), then exit, for an init
 * container or a shell. Neither Quarkus nor Kafka is started. The files land in {@code <dest>/<model>/1/}, the
 * service's layout under its models root, and a second run into the same {@code <dest>} fetches only what changed.
 * Progress goes to standard error once a second when it is a terminal; one summary line always. The exit status
 * is one of {@link FetchOutcome}.
 */
final class OneShotFetch {

    static final String COMMAND = "fetch";
    static final String VERSION = "1";
    private static final String USAGE = """
            usage: fetch <storageUri> <dest> [--secret FILE] [--model NAME] [--require-manifest]
              <storageUri>        as a Model's spec.storageUri, e.g. s3://bucket/models/iris or s3-kms://bucket/iris
              <dest>              the models root: the files land in <dest>/<model>/1/
              --secret FILE       the rclone remote configuration (a Secret's value: YAML or JSON), or a mounted Secret's
                                  directory; without it, s3:// uses the AWS default credential chain
              --model NAME        the model's name (default: the last segment of the storageUri)
              --require-manifest  fail unless the model carries SHA256SUMS or model.sig (also DOWNLOAD_REQUIRE_MANIFEST=true)
            exit status: 0 fetched and verified, 1 unexpected error, 2 usage, 3 refused (access denied, not found, bad
            secret), 4 integrity (checksum or hash manifest), 5 transient (storage unreachable, 5xx, throttled)""";

    private OneShotFetch() {
    }

    /** Runs the command; returns the exit status. */
    static int run(List<String> args, Map<String, String> environment, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args, environment);
        } catch (IllegalArgumentException e) {
            err.println("model-fetcher fetch: " + e.getMessage());
            err.println(USAGE);
            return FetchOutcome.USAGE.exitStatus();
        }
        // Only warnings (a retried range, a checksum attempt) and this command's own lines reach the terminal.
        LogContext.getLogContext().getLogger("").setLevel(Level.WARNING);
        long start = System.nanoTime();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DownloadSettings settings = DownloadSettings.defaults().requiringManifest(arguments.requireManifest());
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("fetch-progress"));
        try (S3ArtifactDownloader downloader = new S3ArtifactDownloader(arguments.dest(), settings,
                new FetcherMetrics(registry))) {
            StorageLocation location = StorageResolver.resolve(arguments.model(), arguments.storageUri(),
                    arguments.secret());
            if (!(location instanceof StorageLocation.S3 s3)) {
                err.println("model-fetcher fetch: " + arguments.storageUri() + " is a local path; fetch copies from object"
                        + " storage only");
                return FetchOutcome.USAGE.exitStatus();
            }
            if (stderrIsTerminal()) {
                progress.scheduleAtFixedRate(() -> err.println(progressLine(registry, arguments.model(), start)), 1, 1,
                        TimeUnit.SECONDS);
            }
            long fetchStart = System.nanoTime();
            FetchResult result = downloader.fetch(arguments.model(), VERSION, s3);
            progress.shutdownNow();
            err.println(String.format(Locale.ROOT, "model-fetcher fetch: %s: %d files fetched (%.1f MiB), %d unchanged,"
                            + " in %.2f s (%.2f s since the JVM started) into %s; verified: %s", result.model(),
                    result.filesDownloaded(), result.bytesDownloaded() / 1048576.0, result.filesUnchanged(),
                    (System.nanoTime() - fetchStart) / 1e9, sinceJvmStart(), result.directory(), result.verification()));
            return FetchOutcome.FETCHED.exitStatus();
        } catch (RuntimeException failure) {
            progress.shutdownNow();
            FetchOutcome outcome = FetchOutcome.of(failure);
            err.println("model-fetcher fetch: " + outcome.name().toLowerCase(Locale.ROOT) + " (exit "
                    + outcome.exitStatus() + "): " + failure.getMessage());
            if (outcome == FetchOutcome.UNEXPECTED) {
                failure.printStackTrace(err);
            }
            return outcome.exitStatus();
        }
    }

    private static String progressLine(MeterRegistry registry, String model, long start) {
        Counter bytes = registry.find("model.fetcher.downloaded.bytes").tag("model", model).counter();
        double files = registry.find("model.fetcher.files").tag("model", model).counters().stream()
                .mapToDouble(Counter::count).sum();
        double received = bytes == null ? 0 : bytes.count();
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        return String.format(Locale.ROOT, "model-fetcher fetch: %s: %.0f files, %.1f MiB, %.1f MB/s", model, files,
                received / 1048576.0, received / 1e6 / seconds);
    }

    private static double sinceJvmStart() {
        return ProcessHandle.current().info().startInstant()
                .map(started -> Duration.between(started, Instant.now()).toMillis() / 1000.0).orElse(Double.NaN);
    }

    /** Standard error is a terminal (Linux): a progress line a second helps a person and clutters a pod's log. */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException notLinux) {
            return false;
        }
    }

    /** The parsed command line. */
    record Arguments(String storageUri, Path dest, Optional<ModelSecret> secret, String model, boolean requireManifest) {

        static Arguments parse(List<String> args, Map<String, String> environment) {
            List<String> positional = new ArrayList<>();
            Optional<ModelSecret> secret = Optional.empty();
            String model = null;
            boolean requireManifest = "true".equalsIgnoreCase(environment.getOrDefault("DOWNLOAD_REQUIRE_MANIFEST", ""));
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--secret" -> secret = Optional.of(secret(value(args, ++i, arg)));
                    case "--model" -> model = value(args, ++i, arg);
                    case "--require-manifest" -> requireManifest = true;
                    default -> {
                        if (arg.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        positional.add(arg);
                    }
                }
            }
            if (positional.size() != 2) {
                throw new IllegalArgumentException("expected <storageUri> <dest>, got " + positional.size() + " arguments");
            }
            String storageUri = positional.get(0);
            if (model == null) {
                String[] segments = storageUri.replaceAll("/+$", "").split("/");
                model = segments[segments.length - 1];
            }
            return new Arguments(storageUri, Path.of(positional.get(1)), secret, model, requireManifest);
        }

        private static String value(List<String> args, int index, String option) {
            if (index >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(index);
        }

        /** A mounted Secret's directory, or one file holding the remote's configuration (one Secret key). */
        private static ModelSecret secret(String file) {
            Path path = Path.of(file);
            if (Files.isDirectory(path)) {
                Path parent = path.toAbsolutePath().getParent();
                return new MountedSecrets(parent).find(path.getFileName().toString()).orElseThrow();
            }
            try {
                String name = path.getFileName().toString();
                return new ModelSecret(name, Map.of(name, Files.readString(path, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalArgumentException("--secret " + file + " cannot be read: " + e, e);
            }
        }
    }

    static void exit(String... args) {
        System.exit(run(List.of(args).subList(1, args.length), System.getenv(), System.err));
    }
}
