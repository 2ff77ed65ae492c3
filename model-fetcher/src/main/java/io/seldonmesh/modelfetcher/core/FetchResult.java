package io.seldonmesh.modelfetcher.core;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A model version that is on disk and verified.
 *
 * @param verified how its files were verified, for the model status
 */
public record FetchResult(String model, String version, Path directory, Verified verified, int filesDownloaded,
                          int filesUnchanged, long bytesDownloaded, Duration elapsed) {

    /** The methods used and their counts, the status's {@code verification}. */
    public String verification() {
        return verified.counts();
    }
}
