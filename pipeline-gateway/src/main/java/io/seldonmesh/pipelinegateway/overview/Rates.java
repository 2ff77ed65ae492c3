package io.seldonmesh.pipelinegateway.overview;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-second rates of counters that only grow (requests of a model, records of a step), from the counts seen at two
 * looks at least {@code interval} apart: the overview is polled, so the rate is the one over the last interval, not
 * since start. Until a second look there is no rate.
 */
public final class Rates {

    private record Sample(double count, long nanos, OptionalDouble rate) {
    }

    private final long intervalNanos;
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();

    public Rates(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** @return the rate over the last completed interval; empty at the first look */
    public OptionalDouble perSecond(String key, double count, long nowNanos) {
        Sample next = samples.compute(key, (k, last) -> {
            if (last == null) {
                return new Sample(count, nowNanos, OptionalDouble.empty());
            }
            long elapsed = nowNanos - last.nanos();
            if (elapsed < intervalNanos) {
                return last;
            }
            double rate = Math.max(0, count - last.count()) * 1e9 / elapsed;
            return new Sample(count, nowNanos, OptionalDouble.of(rate));
        });
        return next.rate();
    }
}
