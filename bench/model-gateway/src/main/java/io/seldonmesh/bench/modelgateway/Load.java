package io.seldonmesh.bench.modelgateway;

import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Drives one system in one of two phases: a backlog of requests for throughput (after a warm-up; first request
 * sent to last output read, with the CPU each process used meanwhile), or requests at a steady rate whose
 * end-to-end latency (sent to output read, both in this JVM) gives p50 and p99.
 */
final class Load {

    private static final int WARM_UP = 20_000;
    private static final String SENT_HEADER = "x-bench-sent-nanos";
    private static final String SENT_MILLIS_HEADER = "x-bench-sent-millis";
    private static final Duration WAIT = Duration.ofMinutes(3);

    private Load() {
    }

    /** Requests per second with a backlog, and the CPU each process spent per request meanwhile. */
    record Throughput(double perSecond, Map<String, Double> cpuMicrosPerRequest) {
    }

    /**
     * End-to-end latency at a steady rate; the part until the output record was created; and, for a gateway, the
     * medians of its own histograms over the phase (NaN otherwise).
     */
    record Latency(double p50Millis, double p99Millis, double p50ToOutputCreatedMillis, double p50InGatewayMillis,
                   double p50ModelCallMillis) {
    }

    /** A warm-up long enough for the JIT to compile the hot paths, then a backlog of {@code requests}. */
    static Throughput throughput(String name, KafkaProducer<byte[], byte[]> producer, KafkaBroker broker, String input,
                                 String output, byte[] request, int requests, Map<String, Supplier<Duration>> cpuMeters)
            throws InterruptedException {
        try (Outputs outputs = new Outputs(broker, output)) {
            System.err.printf("%s: warming up with %d requests%n", name, WARM_UP);
            for (int i = 0; i < WARM_UP; i++) {
                producer.send(new ProducerRecord<>(input, 0, key("warm", i), request));
            }
            outputs.await("warm", WARM_UP);

            System.err.printf("%s: %d requests as fast as they go%n", name, requests);
            Map<String, Duration> cpuBefore = new LinkedHashMap<>();
            cpuMeters.forEach((process, meter) -> cpuBefore.put(process, meter.get()));
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                producer.send(new ProducerRecord<>(input, 0, key("load", i), request));
            }
            long last = outputs.await("load", requests);
            Map<String, Double> cpuPerRequest = new LinkedHashMap<>();
            cpuMeters.forEach((process, meter) ->
                    cpuPerRequest.put(process, meter.get().minus(cpuBefore.get(process)).toNanos() / 1e3 / requests));
            return new Throughput(requests / ((last - start) / 1e9), cpuPerRequest);
        }
    }

    /** {@code latencyRequests} at {@code ratePerSecond}, each timed from sending to its output being read. */
    static Latency latency(String name, KafkaProducer<byte[], byte[]> producer, KafkaBroker broker, String input,
                           String output, byte[] request, int latencyRequests, int ratePerSecond,
                           Optional<GatewayHistogram> histogram) throws InterruptedException {
        try (Outputs outputs = new Outputs(broker, output)) {
            System.err.printf("%s: %d requests at %d/s for latency%n", name, latencyRequests, ratePerSecond);
            Map<String, Map<Double, Double>> histogramBefore = histogram.map(GatewayHistogram::snapshot).orElse(Map.of());
            long period = 1_000_000_000L / ratePerSecond;
            long begin = System.nanoTime();
            for (int i = 0; i < latencyRequests; i++) {
                LockSupport.parkNanos(begin + i * period - System.nanoTime());
                RecordHeaders headers = new RecordHeaders();
                headers.add(SENT_HEADER, Long.toString(System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
                headers.add(SENT_MILLIS_HEADER,
                        Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII));
                producer.send(new ProducerRecord<>(input, 0, key("latency", i), request, headers));
            }
            outputs.await("latency", latencyRequests);
            Map<String, Map<Double, Double>> histogramAfter = histogram.map(GatewayHistogram::snapshot).orElse(Map.of());
            long[] latencies = outputs.latencies();
            Arrays.sort(latencies);
            long[] toCreated = outputs.toCreatedMillis();
            Arrays.sort(toCreated);
            return new Latency(percentile(latencies, 0.50), percentile(latencies, 0.99),
                    toCreated.length == 0 ? Double.NaN : toCreated[(toCreated.length - 1) / 2],
                    GatewayHistogram.p50Millis(histogramBefore, histogramAfter, GatewayHistogram.REQUEST),
                    GatewayHistogram.p50Millis(histogramBefore, histogramAfter, GatewayHistogram.MODEL_CALL));
        }
    }

    private static byte[] key(String phase, int i) {
        return (phase + "-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static double percentile(long[] sortedNanos, double fraction) {
        int index = (int) Math.ceil(fraction * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    /** Reads the output topic on its own thread, counting outputs per phase and timing the latency phase. */
    private static final class Outputs implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> lastArrival = new ConcurrentHashMap<>();
        private final long[] latencies = new long[1_000_000];
        private final AtomicInteger latencyCount = new AtomicInteger();
        private final long[] toCreatedMillis = new long[1_000_000];
        private final Thread thread;
        private volatile boolean running = true;

        Outputs(KafkaBroker broker, String topic) {
            Map<String, Object> properties = new HashMap<>(broker.clientProperties(Listener.PLAINTEXT));
            properties.put("fetch.max.wait.ms", 100);
            consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            consumer.position(partitions.get(0));
            thread = new Thread(this::read, "bench-outputs");
            thread.start();
        }

        private void read() {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    String phase = key.substring(0, key.indexOf('-'));
                    Header sent = record.headers().lastHeader(SENT_HEADER);
                    if (sent != null) {
                        int index = latencyCount.get();
                        latencies[index] = now - Long.parseLong(new String(sent.value(), StandardCharsets.US_ASCII));
                        toCreatedMillis[index] = record.timestamp() - Long.parseLong(new String(
                                record.headers().lastHeader(SENT_MILLIS_HEADER).value(), StandardCharsets.US_ASCII));
                        latencyCount.incrementAndGet();
                    }
                    lastArrival.computeIfAbsent(phase, p -> new AtomicLong()).set(now);
                    counts.computeIfAbsent(phase, p -> new AtomicInteger()).incrementAndGet();
                }
            }
        }

        /** Waits for {@code count} outputs of the phase; returns when the last arrived. */
        long await(String phase, int count) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (counts.getOrDefault(phase, new AtomicInteger()).get() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(phase + ": only " + counts.getOrDefault(phase, new AtomicInteger())
                            + " of " + count + " outputs after " + WAIT);
                }
                LockSupport.parkNanos(1_000_000);
            }
            return lastArrival.get(phase).get();
        }

        long[] latencies() {
            return Arrays.copyOf(latencies, latencyCount.get());
        }

        long[] toCreatedMillis() {
            return Arrays.copyOf(toCreatedMillis, latencyCount.get());
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
            consumer.close();
        }
    }
}
