package io.seldonmesh.modelfetcher.io;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;

/** Bytes and files of one model's download, for the progress log line and the byte counter. */
final class TransferProgress {

    private final String model;
    private final int totalFiles;
    private final long totalBytes;
    private final long startNanos = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger files = new AtomicInteger();
    private final Counter byteCounter;

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
