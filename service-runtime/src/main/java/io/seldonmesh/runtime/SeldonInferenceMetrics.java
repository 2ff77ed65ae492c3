package io.seldonmesh.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Seldon Core 2's inference metrics under Seldon's names and labels, recorded beside this project's own so that
 * Seldon's Grafana dashboards and alerts work unchanged. Two families, as in Seldon (scheduler/pkg/metrics):
 * <ul>
 *   <li>{@link #pipelines} — what Seldon's pipeline gateway records per pipeline request:
 *       {@code seldon_pipeline_infer_api_seconds} (histogram; labels server, pipeline, method, code),
 *       {@code seldon_pipeline_infer_total} and {@code seldon_pipeline_infer_seconds_total} (server, pipeline,
 *       method_type, code), and the aggregates {@code seldon_pipeline_aggregate_infer_total} and
 *       {@code seldon_pipeline_aggregate_infer_seconds_total} (server, method_type);</li>
 *   <li>{@link #models} — what Seldon's agent records per call to the model server, here model-gateway's calls:
 *       {@code seldon_model_infer_api_seconds} (server, server_replica, method, code), {@code seldon_model_infer_total}
 *       and {@code seldon_model_infer_seconds_total} (server, server_replica, model, model_internal, method_type), and
 *       the aggregates {@code seldon_model_aggregate_infer_total} and {@code seldon_model_aggregate_infer_seconds_total}
 *       (server, server_replica, method_type).</li>
 * </ul>
 * Histogram buckets are Seldon's ({@code DefaultHistogramBuckets}). Meters are created once per series and cached.
 */
public final class SeldonInferenceMetrics {

    /** {@code method_type} (and the histograms' {@code method}) of a REST call. */
    public static final String REST = "rest";
    /** {@code method_type} (and the histograms' {@code method}) of a gRPC call. */
    public static final String GRPC = "grpc";

    /** Seldon's {@code DefaultHistogramBuckets}, in seconds. */
    static final double[] BUCKET_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};

    private static final String PIPELINE_GATEWAY = "pipeline-gateway";
    /** One model-gateway calls every replica of a model server by its address; Seldon's agent is one per replica. */
    private static final String SERVER_REPLICA = "0";

    private final MeterRegistry registry;
    private final String family;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();
    private final Map<List<String>, Aggregate> aggregates = new ConcurrentHashMap<>();

    private SeldonInferenceMetrics(MeterRegistry registry, String family) {
        this.registry = registry;
        this.family = family;
    }

    /** Seldon's pipeline gateway metrics ({@code seldon_pipeline_*}), with {@code server="pipeline-gateway"}. */
    public static SeldonInferenceMetrics pipelines(MeterRegistry registry) {
        return new SeldonInferenceMetrics(registry, "pipeline");
    }

    /** Seldon's agent metrics ({@code seldon_model_*}). */
    public static SeldonInferenceMetrics models(MeterRegistry registry) {
        return new SeldonInferenceMetrics(registry, "model");
    }

    /**
     * One request to a pipeline, finished.
     *
     * @param method {@link #REST} or {@link #GRPC}
     * @param code   the HTTP status ({@code 200}) or gRPC code name ({@code OK}) the caller got
     */
    public void pipelineRequest(String pipeline, String method, String code, long elapsedNanos) {
        requireFamily("pipeline");
        series.computeIfAbsent(List.of(pipeline, method, code), key -> new Series(
                Tags.of("server", PIPELINE_GATEWAY, "pipeline", pipeline, "method", method, "code", code),
                Tags.of("server", PIPELINE_GATEWAY, "pipeline", pipeline, "method_type", method, "code", code)))
                .record(elapsedNanos);
        aggregate(Tags.of("server", PIPELINE_GATEWAY, "method_type", method), List.of(method)).record(elapsedNanos);
    }

    /**
     * One call to a model server, finished.
     *
     * @param server the model server called (its address: Seldon labels the Server's name)
     * @param model  the model's name, also its {@code model_internal} (Seldon's {@code <model>_<version>}: this
     *               project serves one version of a model at a time)
     * @param method {@link #REST} or {@link #GRPC}
     * @param code   the HTTP status or gRPC code the model server answered, or how the call failed without one
     */
    public void modelCall(String server, String model, String method, String code, long elapsedNanos) {
        requireFamily("model");
        series.computeIfAbsent(List.of(server, model, method, code), key -> new Series(
                Tags.of("server", server, "server_replica", SERVER_REPLICA, "method", method, "code", code),
                Tags.of("server", server, "server_replica", SERVER_REPLICA, "model", model, "model_internal", model,
                        "method_type", method)))
                .record(elapsedNanos);
        aggregate(Tags.of("server", server, "server_replica", SERVER_REPLICA, "method_type", method),
                List.of(server, method)).record(elapsedNanos);
    }

    private Aggregate aggregate(Tags tags, List<String> key) {
        return aggregates.computeIfAbsent(key, k -> new Aggregate(
                Counter.builder("seldon_" + family + "_aggregate_infer")
                        .description("A count of " + family + " inference calls (aggregate)").tags(tags).register(registry),
                Counter.builder("seldon_" + family + "_aggregate_infer_seconds")
                        .description("A sum of " + family + " inference call latencies (aggregate)").tags(tags)
                        .register(registry)));
    }

    private void requireFamily(String expected) {
        if (!family.equals(expected)) {
            throw new IllegalStateException("these are Seldon's " + family + " metrics, not its " + expected + " metrics");
        }
    }

    /** The histogram and the per-series counters of one label set. */
    private final class Series {

        private final Timer histogram;
        private final Counter count;
        private final Counter seconds;

        Series(Tags histogramTags, Tags counterTags) {
            Duration[] buckets = new Duration[BUCKET_SECONDS.length];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = Duration.ofNanos(Math.round(BUCKET_SECONDS[i] * 1e9));
            }
            this.histogram = Timer.builder("seldon_" + family + "_infer_api")
                    .description("A histogram of latencies for " + family + " inference calls")
                    .tags(histogramTags).serviceLevelObjectives(buckets).register(registry);
            this.count = Counter.builder("seldon_" + family + "_infer")
                    .description("A count of " + family + " inference calls").tags(counterTags).register(registry);
            this.seconds = Counter.builder("seldon_" + family + "_infer_seconds")
                    .description("A sum of " + family + " inference call latencies").tags(counterTags).register(registry);
        }

        void record(long elapsedNanos) {
            histogram.record(elapsedNanos, TimeUnit.NANOSECONDS);
            count.increment();
            seconds.increment(elapsedNanos / 1e9);
        }
    }

    private record Aggregate(Counter count, Counter seconds) {

        void record(long elapsedNanos) {
            count.increment();
            seconds.increment(elapsedNanos / 1e9);
        }
    }
}
