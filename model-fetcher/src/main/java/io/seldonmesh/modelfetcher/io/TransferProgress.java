package io.seldonmesh.modelfetcher.io;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.SizeOnlyReasons;

/**
 * Bytes and files of one model's download, for the progress log line and the byte counter, and why
 * any of its files were verified by size only, for one summary line.
 */
final class TransferProgress {

    private final String model;
    private final int totalFiles;
    private final long totalBytes;
    private final long startNanos = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger files = new AtomicInteger();
    private final Counter byteCounter;
    private final SizeOnlyReasons sizeOnly = new SizeOnlyReasons();

    TransferProgress(String model, int totalFiles, long totalBytes, FetcherMetrics metrics) {
        this.model = model;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        this.byteCounter = metrics.downloadedBytes(model);
    }

    void received(long count) {
        bytes.addAndGet(count);
        byteCounter.increment(count);
    }

    /** A failed attempt's bytes are fetched again; the line shows bytes of the final files only. */
    void discarded(long count) {
        bytes.addAndGet(-count);
    }

    void fileDone() {
        files.incrementAndGet();
    }

    void verifiedBySizeOnly(String reason) {
        sizeOnly.add(reason);
    }

    /** One line for all the files verified by size only, with each reason and its count; empty when none was. */
    Optional<String> sizeOnlyLine() {
        return sizeOnly.files() == 0 ? Optional.empty() : Optional.of("model " + model + ": " + sizeOnly);
    }

    long bytes() {
        return bytes.get();
    }

    int files() {
        return files.get();
    }

    String line() {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "model %s: %d/%d files, %.1f/%.1f MiB, %.1f MB/s", model, files.get(), totalFiles,
                bytes.get() / 1048576.0, totalBytes / 1048576.0, bytes.get() / 1e6 / seconds);
    }
}
