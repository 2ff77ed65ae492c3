package io.seldonmesh.modelfetcher.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seldonmesh.modelfetcher.core.ServerFinding;
import io.seldonmesh.modelfetcher.core.TransientFailure;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fetcher's Prometheus metrics ({@code /q/metrics}), every one named here: downloads (bytes, files by outcome
 * and verification, checksum mismatches, S3 requests by operation, time per fetch), and the model server as the
 * fetcher sees it (reachable, checks by outcome, reloads of models it lost, load retries).
 */
public final class FetcherMetrics {

    /** S3 requests sent, by {@code operation}: a re-sync of an unchanged model shows no {@code GetObject}. */
    public static final String S3_REQUESTS = "model.fetcher.s3.requests";

    private final MeterRegistry registry;
    private final AtomicInteger modelServerReachable = new AtomicInteger();

    public FetcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("model.fetcher.model.server.reachable", modelServerReachable, AtomicInteger::get)
                .description("1 when the model server answered its last check, else 0").register(registry);
    }

    /** The counter of bytes received from object storage for the model. */
    public Counter downloadedBytes(String model) {
        return Counter.builder("model.fetcher.downloaded.bytes").baseUnit("bytes").tag("model", model)
                .description("Bytes received from object storage").register(registry);
    }

    public void fileDownloaded(String model, String verification) {
        file(model, "downloaded", verification);
    }

    public void fileUnchanged(String model, String verification) {
        file(model, "unchanged", verification);
    }

    public void verificationMismatch(String model) {
        Counter.builder("model.fetcher.verification.mismatches").tag("model", model)
                .description("Downloads whose content did not match the object's checksum").register(registry).increment();
    }

    public void s3Request(String operation) {
        Counter.builder(S3_REQUESTS).tag("operation", operation)
                .description("S3 requests sent, by operation").register(registry).increment();
    }

    /** @param succeeded whether the model's files are all in place, verified */
    public void fetched(String model, boolean succeeded, Duration elapsed) {
        Timer.builder("model.fetcher.fetch").tag("model", model).tag("outcome", succeeded ? "success" : "failure")
                .register(registry).record(elapsed);
    }

    public void modelServerReachable(boolean reachable) {
        modelServerReachable.set(reachable ? 1 : 0);
    }

    /** @param outcome {@code in_sync}, {@code reload} or {@code unreachable} */
    public void modelServerChecked(String outcome) {
        Counter.builder("model.fetcher.reconciliations").tag("outcome", outcome)
                .description("Checks of the model server against the models held here, by what they found")
                .register(registry).increment();
    }

    public void reloaded(String model, ServerFinding.Kind cause) {
        Counter.builder("model.fetcher.reloads").tag("model", model).tag("cause", lowerCase(cause))
                .description("Models loaded again because the model server lost them").register(registry).increment();
    }

    public void loadRetried(String model, TransientFailure.Source source) {
        Counter.builder("model.fetcher.load.retries").tag("model", model).tag("source", lowerCase(source))
                .description("Loads planned again after a transient failure of storage or the model server")
                .register(registry).increment();
    }

    private void file(String model, String outcome, String verification) {
        Counter.builder("model.fetcher.files").tag("model", model).tag("outcome", outcome)
                .tag("verification", verification).description("Files placed in a model version")
                .register(registry).increment();
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
