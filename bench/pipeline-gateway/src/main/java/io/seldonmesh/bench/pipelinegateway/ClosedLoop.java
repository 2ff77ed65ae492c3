package io.seldonmesh.bench.pipelinegateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Throughput: {@code clients} callers, each sending its next request as soon as the previous one is answered,
 * until {@code requests} have been sent in all: the load 64 concurrent clients put on a service. Latency
 * under this load is mostly queueing (clients / throughput), so it is reported, not judged.
 */
final class ClosedLoop {

    private ClosedLoop() {
    }

    static Measurement measure(String name, int clients, int requests, InferencePath path) throws InterruptedException {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                int sequence;
                while ((sequence = next.getAndIncrement()) < requests) {
                    long sent = System.nanoTime();
                    try {
                        path.call(sequence).get(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                    latencies[sequence] = System.nanoTime() - sent;
                }
            }, "client-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - started;
        if (firstFailure.get() != null) {
            System.err.println(name + ": " + failures.get() + " failed, first: " + firstFailure.get());
        }
        return Measurement.of(name, latencies, failures.get(), elapsed);
    }
}
