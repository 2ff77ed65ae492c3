package io.seldonmesh.modelfetcher.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.LongStream;

import org.jboss.logmanager.LogContext;

import com.sun.management.OperatingSystemMXBean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.ModelSecret;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.StorageResolver;
import io.seldonmesh.modelfetcher.io.S3ArtifactDownloader;

/**
 * For bench/model-fetcher: a running fetcher, as in the deployed service (the JVM is up and the AWS
 * SDK initialised before the first command). Reads {@code fetch <model> <version>} lines and answers
 * each with {@code RESULT <millis> <bytes> <files downloaded> <files unchanged> <VM millis> <verification>},
 * where the VM figure is the CPU time of the JVM's own threads during that fetch: the JIT compilers
 * (and the garbage collector), the process's CPU time less that of its Java threads. Uses the
 * service's default download settings, its log level (INFO, the Quarkus default: the AWS SDK then
 * builds none of its debug messages) and the rclone-style secret a user would write.
 */
public final class BenchFetch {

    private BenchFetch() {
    }

    public static void main(String[] args) throws Exception {
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String endpoint = args[0];
        Path modelsRoot = Path.of(args[1]);
        String secret = "type: s3\nname: bench\nparameters:\n  provider: Other\n  env_auth: false\n"
                + "  access_key_id: testkit\n  secret_access_key: testkit-secret\n  region: us-east-1\n"
                + "  endpoint: " + endpoint + "\n";
        StorageLocation.S3 location = (StorageLocation.S3) StorageResolver.resolve("bench", "bench://bench/model",
                Optional.of(new ModelSecret("bench-rclone", Map.of("bench", secret))));
        try (S3ArtifactDownloader downloader = new S3ArtifactDownloader(modelsRoot, DownloadSettings.defaults(),
                new FetcherMetrics(new SimpleMeterRegistry()))) {
            downloader.warmUp();
            System.out.println("READY");
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = stdin.readLine()) != null) {
                String[] command = line.trim().split("\\s+");
                if (command.length != 3 || !command[0].equals("fetch")) {
                    System.out.println("ERROR expected: fetch <model> <version>");
                } else {
                    try {
                        long vmBefore = process.getProcessCpuTime() - javaThreadsCpu(threads);
                        FetchResult result = downloader.fetch(command[1], command[2], location);
                        long vmNanos = process.getProcessCpuTime() - javaThreadsCpu(threads) - vmBefore;
                        System.out.printf(Locale.ROOT, "RESULT %d %d %d %d %d %s%n", result.elapsed().toMillis(),
                                result.bytesDownloaded(), result.filesDownloaded(), result.filesUnchanged(),
                                vmNanos / 1_000_000, result.verification());
                    } catch (FetchFailure e) {
                        System.out.println("ERROR " + e.getMessage());
                    }
                }
                System.out.flush();
            }
        }
    }

    /** The fetcher's worker threads live as long as the downloader, so their CPU time is not lost between two calls. */
    private static long javaThreadsCpu(ThreadMXBean threads) {
        return LongStream.of(threads.getAllThreadIds()).map(threads::getThreadCpuTime).filter(nanos -> nanos > 0).sum();
    }
}
