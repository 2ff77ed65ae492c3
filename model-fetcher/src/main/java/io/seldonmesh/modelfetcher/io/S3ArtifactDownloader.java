package io.seldonmesh.modelfetcher.io;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.CachedFile;
import io.seldonmesh.modelfetcher.core.ChecksumPolicy;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.HashManifest;
import io.seldonmesh.modelfetcher.core.RemoteObject;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Brings one model version from S3 onto the local disk, verified, under
 * {@code <models-root>/<model>/<version>/}. One LIST decides what is new; files already held with the
 * same size and ETag are reused (a re-sync of an unchanged model sends no GET); the rest is fetched
 * in parallel by a pool of {@link DownloadSettings#connections()} workers shared by all models, and
 * the version appears in one rename.
 */
public final class S3ArtifactDownloader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3ArtifactDownloader.class);

    private final DownloadSettings settings;
    private final FetcherMetrics metrics;
    private final S3Clients clients;
    private final ExecutorService workers;
    private final ScheduledExecutorService progressLog;
    private final ThreadLocal<byte[]> buffers;
    private final ChecksumPolicy policy = new ChecksumPolicy();
    private final VersionSync versions;

    public S3ArtifactDownloader(Path modelsRoot, DownloadSettings settings, FetcherMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.clients = new S3Clients(new S3RequestMetrics(metrics), Duration.ofSeconds(10), Duration.ofSeconds(60));
        this.workers = Executors.newFixedThreadPool(settings.connections(), DaemonThreads.named("model-fetcher-s3"));
        this.progressLog = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("model-fetcher-progress"));
        this.buffers = ThreadLocal.withInitial(() -> new byte[settings.bufferSize()]);
        this.versions = new VersionSync(modelsRoot, metrics);
    }

    public FetchResult fetch(String model, String version, StorageLocation.S3 location) {
        return fetch(model, version, location, false);
    }

    /**
     * @param modelRequiresManifest the Model asks for a hash manifest ({@link HashManifest#requiredBy}); the
     *                              fetcher's {@link DownloadSettings#requireManifest()} asks it of every model
     */
    public FetchResult fetch(String model, String version, StorageLocation.S3 location, boolean modelRequiresManifest) {
        long start = System.nanoTime();
        try {
            S3Client s3 = clients.forAccess(location.access());
            List<RemoteObject> remote = BucketListing.all(model, location, s3);
            Optional<String> requiredBy = settings.requireManifest() ? Optional.of(HashManifest.REQUIRED_BY_SETTING)
                    : modelRequiresManifest ? Optional.of(HashManifest.REQUIRED_BY_MODEL) : Optional.empty();
            Optional<HashManifest> manifest = HashManifestReader.read(model, location, s3, remote, requiredBy);
            FetchResult result = versions.sync(model, version, location.storageUri(), remote,
                    HashManifestReader.digests(manifest), (staging, plan) -> {
                        TransferProgress progress = new TransferProgress(model, plan.toDownload().size(),
                                plan.bytesToDownload(), metrics);
                        return runAll(new ModelTransfer(model, location, s3, staging, progress, settings, workers, policy,
                                manifest, metrics, new AtomicBoolean()), plan.toDownload());
                    });
            metrics.fetched(model, true, result.elapsed());
            return result;
        } catch (RuntimeException e) {
            metrics.fetched(model, false, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    private List<CachedFile> runAll(ModelTransfer transfer, List<RemoteObject> objects) {
        // Largest first, so their HEADs go out first; their ranges then queue behind the whole-object
        // GETs, and being of one range size they let all workers finish at about the same time.
        List<RemoteObject> ordered = new ArrayList<>(objects);
        ordered.sort(Comparator.comparingLong(RemoteObject::size).reversed());
        List<CompletableFuture<CachedFile>> futures = new ArrayList<>();
        for (RemoteObject object : ordered) {
            CompletableFuture<CachedFile> future = new ObjectTransfer(transfer, object, buffers).start();
            future.whenComplete((file, error) -> {
                if (error != null) {
                    transfer.stop();
                }
            });
            futures.add(future);
        }
        ScheduledFuture<?> logging = progressLog.scheduleAtFixedRate(() -> LOG.info(transfer.progress().line()),
                settings.progressEvery().toMillis(), settings.progressEvery().toMillis(), TimeUnit.MILLISECONDS);
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw firstFailure(futures);
        } finally {
            logging.cancel(false);
        }
        LOG.info(transfer.progress().line());
        transfer.progress().sizeOnlyLine().ifPresent(LOG::info);
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** The failure that stopped the download, not the objects it stopped in turn. */
    private static RuntimeException firstFailure(List<CompletableFuture<CachedFile>> futures) {
        RuntimeException stoppedOnly = null;
        for (CompletableFuture<CachedFile> future : futures) {
            if (!future.isCompletedExceptionally()) {
                continue;
            }
            try {
                future.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                while (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause instanceof ModelTransfer.StoppedException stopped) {
                    stoppedOnly = stopped;
                } else if (cause instanceof RuntimeException runtime) {
                    return runtime;
                } else {
                    return new CompletionException(cause);
                }
            }
        }
        return stoppedOnly != null ? stoppedOnly : new IllegalStateException("download failed without a cause");
    }

    /**
     * Initialises the AWS SDK (about a second of class loading in a fresh JVM) and the manifest's
     * JSON mapping, so that the first model after start-up does not wait for them.
     */
    public void warmUp() {
        clients.warmUp();
        ManifestFile.warmUp();
    }

    @Override
    public void close() {
        workers.shutdownNow();
        progressLog.shutdownNow();
        clients.close();
    }
}
