package io.seldonmesh.modelfetcher.core;

import java.time.Duration;

/**
 * How hard the fetcher pulls. Memory use is bounded by {@code connections} buffers of
 * {@code bufferSize}, whatever the object sizes.
 *
 * @param connections  parallel S3 requests across all objects of all models
 * @param splitAbove   objects of at least this size are fetched as parallel ranged GETs
 * @param rangeSize    the length of one ranged GET
 * @param attempts     tries per object when its checksum does not match, and per range when the
 *                     connection breaks
 * @param bufferSize   bytes read from a response at a time
 * @param progressEvery how often a running download logs its progress
 * @param requireManifest every model must carry a hash manifest ({@link HashManifest}); without one it fails
 */
public record DownloadSettings(int connections, long splitAbove, long rangeSize, int attempts, int bufferSize,
                               Duration progressEvery, boolean requireManifest) {

    private static final long MIB = 1024 * 1024;

    public DownloadSettings {
        if (connections < 1 || attempts < 1 || bufferSize < 4096 || rangeSize < MIB || splitAbove < rangeSize) {
            throw new IllegalArgumentException("download settings out of range: connections " + connections
                    + " (>= 1), attempts " + attempts + " (>= 1), bufferSize " + bufferSize + " (>= 4096), rangeSize "
                    + rangeSize + " (>= 1 MiB), splitAbove " + splitAbove + " (>= rangeSize)");
        }
    }

    public DownloadSettings(int connections, long splitAbove, long rangeSize, int attempts, int bufferSize,
                            Duration progressEvery) {
        this(connections, splitAbove, rangeSize, attempts, bufferSize, progressEvery, false);
    }

    /** The same settings, with a hash manifest required of every model or not. */
    public DownloadSettings requiringManifest(boolean required) {
        return new DownloadSettings(connections, splitAbove, rangeSize, attempts, bufferSize, progressEvery, required);
    }

    /**
     * Two connections per CPU, at least 4 and at most 16: each byte received costs CPU (the copy and
     * the checksum), so on a small pod more connections only contend, while 4 already carry several
     * hundred MB/s from S3. Ranges of 16 MiB are in the size band AWS recommends for parallel GETs.
     */
    public static DownloadSettings defaults() {
        int connections = Math.min(16, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        return new DownloadSettings(connections, 32 * MIB, 16 * MIB, 3, 256 * 1024, Duration.ofSeconds(5));
    }
}
