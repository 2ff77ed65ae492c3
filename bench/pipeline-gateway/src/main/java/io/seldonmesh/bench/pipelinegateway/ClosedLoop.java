package io.seldonmesh.bench.pipelinegateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code clients} callers, each sending its next request as soon as the previous one is answered, until
 * {@code requests} have been sent in all: the load 64 concurrent clients put on a service.
 */
final class ClosedLoop {

    /** One request; returns normally when it succeeded, throws with a description when not. */
    interface Call {
        void run(int sequence) throws Exception;
    }

    private ClosedLoop() {
    }

    static Measurement measure(String path, int clients, int requests, Call call) throws InterruptedException {
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
                        call.run(sequence);
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
            System.err.println(path + ": " + failures.get() + " failed, first: " + firstFailure.get());
        }
        return Measurement.of(path, latencies, failures.get(), elapsed);
    }
}
