package io.seldonmesh.bench.pipelinegateway;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency: requests sent at a fixed rate whatever the answers do (open loop), each timed from the moment it
 * was due, so a stall shows as the latency of every request it delayed. The rate is the same for every path
 * and well below any path's throughput, so the figures compare the paths, not their queues.
 */
final class SteadyRate {

    private SteadyRate() {
    }

    static Measurement measure(String name, int perSecond, int requests, InferencePath path) throws InterruptedException {
        long[] latencies = new long[requests];
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        CountDownLatch answered = new CountDownLatch(requests);
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long started = System.nanoTime();
        for (int sequence = 0; sequence < requests; sequence++) {
            long due = started + sequence * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = sequence;
            path.call(sequence).whenComplete((answer, failure) -> {
                latencies[index] = System.nanoTime() - due;
                if (failure != null) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, failure.toString());
                }
                answered.countDown();
            });
        }
        if (!answered.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + ": " + answered.getCount() + " requests unanswered after 120 s");
        }
        long elapsed = System.nanoTime() - started;
        if (firstFailure.get() != null) {
            System.err.println(name + ": " + failures.get() + " failed, first: " + firstFailure.get());
        }
        return Measurement.of(name, latencies, failures.get(), elapsed);
    }
}
