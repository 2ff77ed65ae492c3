package io.seldonmesh.modelfetcher.io;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.ChecksumPolicy;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.HashManifest;
import io.seldonmesh.modelfetcher.core.ObjectHead;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.Verification;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the objects of one model's download share: where they come from and go to, the worker pool,
 * the model's hash manifest if it has one, and the stop flag raised when one object fails for good, so the others
 * stop early.
 */
record ModelTransfer(String model, StorageLocation.S3 location, S3Client s3, StagingArea staging, TransferProgress progress,
                     DownloadSettings settings, Executor executor, ChecksumPolicy policy, Optional<HashManifest> manifest,
                     FetcherMetrics metrics, AtomicBoolean stopped) {

    /** How the object at {@code path} is verified: by the manifest's SHA-256 when it lists it, else from its headers. */
    Verification verification(ObjectHead head, String path) {
        Verification fromHeaders = policy.decide(head);
        return manifest.flatMap(listed -> listed.verification(path, fromHeaders)).orElse(fromHeaders);
    }

    void stop() {
        stopped.set(true);
    }

    /** Thrown inside a worker when another object already failed the download. */
    void checkNotStopped() {
        if (stopped.get()) {
            throw new StoppedException();
        }
    }

    static final class StoppedException extends RuntimeException {
        StoppedException() {
            super("stopped because another object of the model failed", null, false, false);
        }
    }
}
