package io.seldonmesh.modelfetcher.io;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.CacheManifest;
import io.seldonmesh.modelfetcher.core.CachedFile;
import io.seldonmesh.modelfetcher.core.DownloadPlan;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.RemoteObject;
import io.seldonmesh.modelfetcher.core.VerificationSummary;

/**
 * Makes {@code <models-root>/<model>/<version>/} hold exactly the listed objects, whatever the
 * source: files already held with the same size and ETag are kept or hard-linked from the latest
 * version, the rest are fetched by the source's {@link Transfers} into the staging directory, and
 * the version appears in one rename. An up-to-date version costs nothing but the listing.
 */
final class VersionSync {

    private static final Logger LOG = Logger.getLogger(VersionSync.class);

    /** Fetches the planned objects into the staging area; returns the entries of the verified files. */
    interface Transfers {
        List<CachedFile> run(StagingArea staging, DownloadPlan plan);
    }

    private final Path modelsRoot;
    private final FetcherMetrics metrics;

    VersionSync(Path modelsRoot, FetcherMetrics metrics) {
        this.modelsRoot = modelsRoot;
        this.metrics = metrics;
    }

    FetchResult sync(String model, String version, String storageUri, List<RemoteObject> remote, Transfers transfers) {
        return sync(model, version, storageUri, remote, Map.of(), transfers);
    }

    /** @param manifestSha256 the hex SHA-256 the model's hash manifest lists per path; empty without a manifest */
    FetchResult sync(String model, String version, String storageUri, List<RemoteObject> remote,
                     Map<String, String> manifestSha256, Transfers transfers) {
        long start = System.nanoTime();
        ModelDirectory directory = new ModelDirectory(modelsRoot, model, version);
        directory.removeLeftovers();
        Optional<Path> reusable = directory.reusableVersion();
        CacheManifest reusableManifest = reusable.flatMap(ModelDirectory::readManifest).orElse(CacheManifest.empty(storageUri));
        Map<String, Long> reusableFiles = reusable.map(ModelDirectory::filesOnDisk).orElse(Map.of());
        DownloadPlan reusePlan = DownloadPlan.of(model, storageUri, remote, reusableManifest, reusableFiles,
                manifestSha256);
        if (directory.isCommitted() && reusePlan.upToDate()) {
            directory.discardStaging();
            return result(model, version, directory, reusePlan.unchanged(), List.of(), start);
        }

        directory.openStaging();
        StagingArea staging = new StagingArea(directory.staging(), directory.inflight(),
                ModelDirectory.readManifest(directory.staging()).filter(manifest -> manifest.storageUri().equals(storageUri))
                        .orElse(CacheManifest.empty(storageUri)));
        for (CachedFile file : reusePlan.unchanged()) {
            if (!staging.manifest().files().containsKey(file.path())) {
                staging.adopt(reusable.orElseThrow().resolve(file.path()), file);
            }
        }
        DownloadPlan plan = DownloadPlan.of(model, storageUri, remote, staging.manifest(), staging.filesOnDisk(),
                manifestSha256);
        plan.obsolete().forEach(staging::delete);
        LOG.infof("model %s version %s: fetching %d files (%d bytes) from %s, reusing %d", model, version,
                plan.toDownload().size(), plan.bytesToDownload(), storageUri, plan.unchanged().size());
        List<CachedFile> fetched;
        try {
            fetched = transfers.run(staging, plan);
        } finally {
            // What was verified so far is kept for the next attempt.
            staging.writeManifest();
        }
        directory.commit();
        return result(model, version, directory, plan.unchanged(), fetched, start);
    }

    private FetchResult result(String model, String version, ModelDirectory directory, List<CachedFile> unchanged,
                               List<CachedFile> fetched, long start) {
        VerificationSummary summary = new VerificationSummary();
        unchanged.forEach(summary::add);
        fetched.forEach(summary::add);
        for (CachedFile file : unchanged) {
            metrics.fileUnchanged(model, file.verification());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long bytes = fetched.stream().mapToLong(CachedFile::size).sum();
        LOG.infof("model %s version %s: ready in %d ms, %d files fetched (%d bytes), %d unchanged; verified: %s", model,
                version, elapsed.toMillis(), fetched.size(), bytes, unchanged.size(), summary);
        return new FetchResult(model, version, directory.committed(), summary.verified(), fetched.size(), unchanged.size(),
                bytes, elapsed);
    }
}
