package io.seldonmesh.modelfetcher.core;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A model version that is on disk and verified.
 *
 * @param verification the methods used, for the {@code verification} field of the model status
 */
public record FetchResult(String model, String version, Path directory, String verification, int filesDownloaded,
                          int filesUnchanged, long bytesDownloaded, Duration elapsed) {
}
