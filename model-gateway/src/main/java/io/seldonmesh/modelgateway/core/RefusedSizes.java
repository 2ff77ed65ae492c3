package io.seldonmesh.modelgateway.core;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The smallest record each topic refused as too large, in the last minute. In a transaction, a refused record aborts
 * everything sent with it, and its request is read and answered again; so the same answer must not be sent again,
 * even when the topic's {@code max.message.bytes} cannot be read (no DescribeConfigs right): a refusal bounds the
 * limit from above. Forgotten after a minute, so a limit an operator raised is used again. Thread-safe.
 */
public final class RefusedSizes {

    private static final long REMEMBER_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Refusal(long size, long atNanos) {
    }

    private final LongSupplier nanoTime;
    private final Map<String, Refusal> smallest = new ConcurrentHashMap<>();

    public RefusedSizes() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock ({@link System#nanoTime()} but in tests) */
    public RefusedSizes(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The broker refused a record of {@code size} bytes (as the producer counts it) for {@code topic}. */
    public void refused(String topic, long size) {
        long now = nanoTime.getAsLong();
        smallest.merge(topic, new Refusal(size, now),
                (old, fresh) -> expired(old, now) || fresh.size() <= old.size() ? fresh : old);
    }

    /**
     * The largest record {@code topic} takes: its {@code max.message.bytes} when known, and below the smallest size
     * it refused in the last minute; empty when neither is known.
     */
    public OptionalLong limit(String topic, OptionalLong configured) {
        Refusal refusal = smallest.get(topic);
        if (refusal == null || expired(refusal, nanoTime.getAsLong())) {
            return configured;
        }
        long belowRefused = refusal.size() - 1;
        return OptionalLong.of(configured.isPresent() ? Math.min(configured.getAsLong(), belowRefused) : belowRefused);
    }

    private static boolean expired(Refusal refusal, long now) {
        return now - refusal.atNanos() >= REMEMBER_NANOS;
    }
}
