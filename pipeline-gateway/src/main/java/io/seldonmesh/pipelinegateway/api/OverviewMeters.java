package io.seldonmesh.pipelinegateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.seldonmesh.common.json.Json;
import io.seldonmesh.pipelinegateway.overview.Percentiles;
import io.seldonmesh.pipelinegateway.overview.Rates;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The status page's numbers, read from this replica's own meters ({@link InferenceMetrics},
 * {@link DataflowMetrics}): counts and latency percentiles since start, rates over the last few seconds. Another
 * replica's traffic is in its own meters, not here.
 */
final class OverviewMeters {

    private static final Duration RATE_INTERVAL = Duration.ofSeconds(2);

    private final MeterRegistry registry;
    private final Rates rates = new Rates(RATE_INTERVAL);

    OverviewMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code requests, errors, errorRate, requestsPerSecond, p50Ms, p99Ms} of a model or pipeline's requests here. */
    ObjectNode traffic(String kind, String name) {
        double all = 0;
        double failed = 0;
        for (Counter counter : registry.find("seldon.gateway.requests").tags("kind", kind, "name", name).counters()) {
            all += counter.count();
            if (!"ok".equals(counter.getId().getTag("outcome"))) {
                failed += counter.count();
            }
        }
        ObjectNode traffic = Json.json().createObjectNode();
        traffic.put("requests", (long) all);
        traffic.put("errors", (long) failed);
        number(traffic, "errorRate", all > 0 ? OptionalDouble.of(failed / all) : OptionalDouble.empty());
        number(traffic, "requestsPerSecond", rates.perSecond(kind + "/" + name, all, System.nanoTime()));
        latency(traffic, "", registry.find("seldon.gateway.request").tags("kind", kind, "name", name).timer());
        return traffic;
    }

    /** {@code recordsIn, recordsOut, errors, recordsPerSecond, joinWaitP50Ms, joinWaitP99Ms} of a dataflow stage. */
    ObjectNode stage(String pipeline, String stage) {
        ObjectNode meters = Json.json().createObjectNode();
        double in = count("seldon.dataflow.records.in", pipeline, stage);
        meters.put("recordsIn", (long) in);
        double out = count("seldon.dataflow.records.out", pipeline, stage);
        meters.put("recordsOut", (long) out);
        meters.put("errors", (long) count("seldon.dataflow.errors", pipeline, stage));
        number(meters, "recordsPerSecond", rates.perSecond(pipeline + "/" + stage, in, System.nanoTime()));
        // what leaves the stage is what each of its outgoing edges carries
        number(meters, "outPerSecond", rates.perSecond(pipeline + "/" + stage + "/out", out, System.nanoTime()));
        latency(meters, "joinWait", registry.find("seldon.dataflow.join.wait").tags("pipeline", pipeline,
                "stage", stage).timer());
        return meters;
    }

    private double count(String meter, String pipeline, String stage) {
        Counter counter = registry.find(meter).tags("pipeline", pipeline, "stage", stage).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void latency(ObjectNode into, String prefix, Timer timer) {
        String p50 = prefix.isEmpty() ? "p50Ms" : prefix + "P50Ms";
        String p99 = prefix.isEmpty() ? "p99Ms" : prefix + "P99Ms";
        if (timer == null) {
            into.putNull(p50);
            into.putNull(p99);
            return;
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        CountAtBucket[] buckets = snapshot.histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
            counts[i] = buckets[i].count();
        }
        number(into, p50, Percentiles.of(bounds, counts, snapshot.count(), 0.5));
        number(into, p99, Percentiles.of(bounds, counts, snapshot.count(), 0.99));
    }

    private static void number(ObjectNode into, String field, OptionalDouble value) {
        if (value.isPresent()) {
            into.put(field, Math.round(value.getAsDouble() * 1000) / 1000.0);
        } else {
            into.putNull(field);
        }
    }
}
