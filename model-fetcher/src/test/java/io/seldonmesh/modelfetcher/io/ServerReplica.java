package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.FetcherSettings;
import io.seldonmesh.modelfetcher.core.RetryBackoff;
import io.seldonmesh.modelfetcher.core.ServerIdentity;

/**
 * One model server replica as Seldon deploys it: the model-server module's loading code behind its
 * repository API, and a fetcher beside it sharing its models root, reading one test's
 * {@link ModelTopics}, with secrets mounted in a directory of its own.
 */
final class ServerReplica implements AutoCloseable {

    private final ServerIdentity identity;
    private final ModelTopics topics;
    private final List<String> preloadedSecrets;
    private final List<Path> localStorageRoots;
    private StorageAllowList storageAllowList = StorageAllowList.any();
    private final Path modelsRoot;
    private final Path secrets;
    private final InProcessModelServer modelServer;
    private FetcherRuntime fetcher;
    private SimpleMeterRegistry meters;

    /**
     * @param directory        an empty directory for the models root and the mounted secrets
     * @param preloadedSecrets secrets whose rclone remotes every model may use (Seldon's {@code rclone.configSecrets})
     */
    ServerReplica(ServerIdentity identity, ModelTopics topics, Path directory, List<String> preloadedSecrets) {
        this(identity, topics, directory, preloadedSecrets, List.of());
    }

    /** @param localStorageRoots the directories a local storageUri may name ({@code LOCAL_STORAGE_ROOTS}) */
    ServerReplica(ServerIdentity identity, ModelTopics topics, Path directory, List<String> preloadedSecrets,
                  List<Path> localStorageRoots) {
        this.identity = identity;
        this.topics = topics;
        this.preloadedSecrets = List.copyOf(preloadedSecrets);
        this.localStorageRoots = List.copyOf(localStorageRoots);
        this.modelsRoot = directory.resolve("models");
        this.secrets = directory.resolve("secrets");
        try {
            Files.createDirectories(modelsRoot);
            Files.createDirectories(secrets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.modelServer = new InProcessModelServer(modelsRoot);
        startFetcher();
    }

    /** Starts a fetcher, with metrics of its own; the one before must have been stopped. */
    void startFetcher() {
        meters = new SimpleMeterRegistry();
        fetcher = new FetcherRuntime(settings(modelsRoot, identity, modelServer.url(), preloadedSecrets, localStorageRoots,
                QUICK_RETRIES, storageAllowList), topics.kafka(), topics.names(), List.of(new MountedSecrets(secrets)), meters, Clock.systemUTC());
        fetcher.start();
    }

    /** Transient failures retried after 0.5 s, doubling up to 2 s. */
    static final RetryBackoff QUICK_RETRIES = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(2));

    /** A fetcher's settings for tests: small transfers, the model server checked every half second, {@link #QUICK_RETRIES}. */
    static FetcherSettings settings(Path modelsRoot, ServerIdentity identity, URI modelServer, List<String> preloadedSecrets,
                                    List<Path> localStorageRoots) {
        return settings(modelsRoot, identity, modelServer, preloadedSecrets, localStorageRoots, QUICK_RETRIES);
    }

    /** As above, with other waits between attempts. */
    static FetcherSettings settings(Path modelsRoot, ServerIdentity identity, URI modelServer, List<String> preloadedSecrets,
                                    List<Path> localStorageRoots, RetryBackoff loadRetry) {
        return settings(modelsRoot, identity, modelServer, preloadedSecrets, localStorageRoots, loadRetry,
                StorageAllowList.any());
    }

    /** As above, with the locations Models may be loaded from ({@code STORAGE_URI_ALLOWED_PREFIXES}). */
    static FetcherSettings settings(Path modelsRoot, ServerIdentity identity, URI modelServer, List<String> preloadedSecrets,
                                    List<Path> localStorageRoots, RetryBackoff loadRetry, StorageAllowList allowed) {
        return new FetcherSettings(modelsRoot, identity, modelServer, Duration.ofSeconds(30), preloadedSecrets,
                new DownloadSettings(4, 8 << 20, 2 << 20, 3, 64 * 1024, Duration.ofSeconds(5)), 2, localStorageRoots,
                Duration.ofMillis(500), loadRetry, allowed);
    }

    /** Stops the fetcher and starts it again, allowing Models only from these locations. */
    void restartFetcherAllowing(StorageAllowList allowed) {
        stopFetcher();
        storageAllowList = allowed;
        startFetcher();
    }

    void stopFetcher() {
        fetcher.close();
    }

    /** Mounts a secret as Kubernetes does: {@code <secrets>/<name>/<key>}, one key. */
    void writeSecret(String name, String content) {
        try {
            Files.createDirectories(secrets.resolve(name));
            Files.writeString(secrets.resolve(name).resolve("config"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path modelsRoot() {
        return modelsRoot;
    }

    Path secrets() {
        return secrets;
    }

    InProcessModelServer modelServer() {
        return modelServer;
    }

    FetcherRuntime fetcher() {
        return fetcher;
    }

    /** S3 requests of one operation ({@code GetObject}, ...) made by the running fetcher. */
    double s3Requests(String operation) {
        return s3Requests(meters, operation);
    }

    /** S3 requests of one operation counted in a fetcher's metrics. */
    static double s3Requests(SimpleMeterRegistry meters, String operation) {
        Counter counter = meters.find(FetcherMetrics.S3_REQUESTS).tag("operation", operation).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The running fetcher's metrics. */
    SimpleMeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        fetcher.close();
        modelServer.close();
    }
}
