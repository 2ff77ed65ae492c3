package io.seldonmesh.pipelinegateway.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.seldonmesh.pipelinegateway.dataflow.core.FlowMetrics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The dataflow's Prometheus metrics, per pipeline and stage (a step's name, {@code (output)} or {@code (input)}):
 * {@code seldon_dataflow_records_in_total}, {@code seldon_dataflow_records_out_total},
 * {@code seldon_dataflow_join_wait_seconds} (from the first data of a request to the stage's record),
 * {@code seldon_dataflow_dropped_total{reason}} and {@code seldon_dataflow_errors_total}; and the versions running.
 */
public final class DataflowMetrics {

    private final MeterRegistry registry;

    public DataflowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code seldon_dataflow_versions_running}: read from the dataflow when scraped. */
    public void observeVersionsRunning(IntSupplier running) {
        Gauge.builder("seldon.dataflow.versions.running", running, IntSupplier::getAsInt)
                .description("Pipeline versions whose Kafka Streams application runs in this replica")
                .strongReference(true).register(registry);
    }

    public FlowMetrics of(String pipeline) {
        return new PipelineMeters(pipeline);
    }

    /** Forgets a deleted pipeline's meters, so that names come and go without growing the series for ever. */
    public void forget(String pipeline) {
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("seldon.dataflow.")
                    && pipeline.equals(meter.getId().getTag("pipeline"))) {
                registry.remove(meter);
            }
        }
    }

    private final class PipelineMeters implements FlowMetrics {

        private final String pipeline;
        private final Map<String, StageMeters> stages = new ConcurrentHashMap<>();

        PipelineMeters(String pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public void arrived(String stage) {
            meters(stage).in.increment();
        }

        @Override
        public void sent(String stage, long waitedMillis) {
            StageMeters meters = meters(stage);
            meters.out.increment();
            meters.wait.record(Duration.ofMillis(Math.max(0, waitedMillis)));
        }

        @Override
        public void dropped(String stage, Drop why) {
            meters(stage).dropped.get(why).increment();
        }

        @Override
        public void failed(String stage) {
            meters(stage).errors.increment();
        }

        private StageMeters meters(String stage) {
            return stages.computeIfAbsent(stage, s -> new StageMeters(Tags.of("pipeline", pipeline, "stage", s)));
        }
    }

    private final class StageMeters {

        final Counter in;
        final Counter out;
        final Timer wait;
        final Counter errors;
        final Map<FlowMetrics.Drop, Counter> dropped = new EnumMap<>(FlowMetrics.Drop.class);

        StageMeters(Tags tags) {
            in = Counter.builder("seldon.dataflow.records.in").description("Records that brought data to a stage")
                    .tags(tags).register(registry);
            out = Counter.builder("seldon.dataflow.records.out").description("Records a stage wrote").tags(tags)
                    .register(registry);
            wait = Timer.builder("seldon.dataflow.join.wait").description("From the first data of a request at a"
                    + " stage to the stage's record").publishPercentileHistogram().tags(tags).register(registry);
            errors = Counter.builder("seldon.dataflow.errors").description("Requests that ended in an error at a stage")
                    .tags(tags).register(registry);
            for (FlowMetrics.Drop why : FlowMetrics.Drop.values()) {
                dropped.put(why, Counter.builder("seldon.dataflow.dropped").description("Data a stage did not use")
                        .tags(tags).tag("reason", why.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
            }
        }
    }
}
