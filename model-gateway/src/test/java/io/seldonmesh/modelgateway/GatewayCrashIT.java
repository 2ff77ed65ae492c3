package io.seldonmesh.modelgateway;

import static io.seldonmesh.modelgateway.testing.KafkaTestClient.record;
import static io.seldonmesh.modelgateway.testing.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.modelgateway.core.Requests;
import io.seldonmesh.modelgateway.testing.KafkaTestClient;
import io.seldonmesh.modelgateway.testing.TestModelServer;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.SharedServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway as a child process, as in production: killed with SIGKILL in the middle of a stream, a new
 * one answers every request the dead one had not — at-least-once with duplicates, counted; exactly-once with none, as
 * a {@code read_committed} reader sees it — and readiness tells when Kafka is unreachable.
 */
class GatewayCrashIT {

    private static final int REQUESTS = 10_000;

    private static QuarkusApp.Builder gateway(String name, Map<String, String> environment) {
        return QuarkusApp.builder(name, QuarkusApp.moduleApplication("model-gateway"))
                .environment(environment)
                .environment("MODELGATEWAY_DRAIN_TIMEOUT", "2s");
    }

    @Test
    void gatewayKilledMidStreamLosesNoRequest() throws Exception {
        AnswerCounter counter = killedMidStream(TopicNames.of("seldon", "crash-test"), Map.of(), "read_uncommitted");

        assertThat(counter.distinct()).isEqualTo(REQUESTS);
        assertThat(counter.errors()).isZero();
        assertThat(counter.unknownKeys()).isZero();
    }

    @Test
    void gatewayKilledMidStreamInExactlyOnceModeAnswersEveryRequestExactlyOnce() throws Exception {
        // The restarted gateway keeps its replica id, as a pod keeps its name when its container restarts: its
        // producers fence the dead one's and abort the transactions it left open.
        TopicNames topics = TopicNames.of("seldon", "crash-test-eos");
        AnswerCounter counter = killedMidStream(topics, Map.of(
                "MODELGATEWAY_DELIVERY", "exactly-once",
                "MODELGATEWAY_REPLICA_ID", "crash-test-0"), "read_committed");
        try (AnswerCounter everything = new AnswerCounter(SharedServers.kafka(), topics, "read_uncommitted")) {
            everything.readToEnd();
            System.out.printf("crash test (exactly-once): %d answers were written in transactions that were aborted"
                    + " (a read_uncommitted reader sees them)%n", everything.total() - counter.total());
        }

        assertThat(counter.distinct()).isEqualTo(REQUESTS);
        assertThat(counter.total()).as("answers a read_committed reader sees").isEqualTo(REQUESTS);
        assertThat(counter.errors()).isZero();
        assertThat(counter.unknownKeys()).isZero();
    }

    /**
     * Writes {@value #REQUESTS} requests, starts a gateway, kills it with SIGKILL once a quarter of them are answered,
     * starts another that answers the rest, stops it, and counts every answer on Kafka by request key.
     */
    /** What the JVM's threads are doing, as {@code jcmd <pid> Thread.print} prints it. */
    private static String threadDump(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private static AnswerCounter killedMidStream(TopicNames topics, Map<String, String> delivery, String isolation)
            throws Exception {
        KafkaBroker broker = SharedServers.kafka();
        Map<String, String> environment = new HashMap<>(delivery);
        environment.putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.PLAINTEXT),
                "SELDON_NAMESPACE", topics.namespace(),
                "MODEL_SERVER_PROTOCOL", "rest",
                "MODEL_SERVER_URL", TestModelServer.shared().restUrl(),
                // A call that gets no answer holds its partition (answers leave in order) until it times out and is
                // retried: the test waits 60 s, so such a call must time out well within that. Retries are logged.
                "MODELGATEWAY_INFER_TIMEOUT", "10s",
                "QUARKUS_LOG_CATEGORY__IO_SELDONMESH_MODELGATEWAY_IO__LEVEL", "DEBUG"));
        try (KafkaTestClient kafka = new KafkaTestClient(broker, topics)) {
            kafka.createModelTopics("echo", 3, Map.of());
            kafka.publishStatus("echo", ModelState.AVAILABLE, null);
            for (int i = 0; i < REQUESTS; i++) {
                kafka.sendAsync(record(topics.modelInputs("echo"), i % 3, "req-" + i,
                        Requests.fp32("req-" + i, i).toByteArray()));
            }
            kafka.flush();

            QuarkusApp first = gateway("model-gateway-1", environment).start();
            try (AnswerCounter counter = new AnswerCounter(broker, topics, isolation)) {
                counter.awaitDistinct(REQUESTS / 4, Duration.ofSeconds(60));
                ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
                int answeredBeforeKill = counter.distinct();
                ProcessHandle.of(first.pid()).ifPresent(p -> p.onExit().join());
                assertThat(answeredBeforeKill).as("killed in the middle of the stream").isLessThan(REQUESTS);

                try (QuarkusApp second = gateway("model-gateway-2", environment).start()) {
                    try {
                        counter.awaitDistinct(REQUESTS, Duration.ofSeconds(60));
                    } catch (AssertionError stalled) {
                        System.out.println("crash test: the second gateway's threads when the wait ran out:\n"
                                + threadDump(second.pid()));
                        throw stalled;
                    }
                }
                counter.readToEnd();
                System.out.printf("crash test (%s): %d of %d requests answered when the gateway was killed; after"
                        + " restart a %s reader sees %d answers for %d distinct requests (%d duplicates), %d error"
                        + " records%n", environment.getOrDefault("MODELGATEWAY_DELIVERY", "at-least-once"),
                        answeredBeforeKill, REQUESTS, isolation, counter.total(), counter.distinct(),
                        counter.total() - counter.distinct(), counter.errors());
                return counter;
            } finally {
                first.close();
            }
        }
    }

    @Test
    void readinessSaysKafkaIsUnreachable() throws Exception {
        int nothingListens = FreePort.next();
        try (QuarkusApp app = gateway("model-gateway-no-kafka", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + nothingListens,
                "MODEL_SERVER_URL", "127.0.0.1:1")).readinessPath("/q/health/live").start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                ready = http.send(HttpRequest.newBuilder(URI.create(app.baseUri() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.body().contains("unreachable")) {
                    break;
                }
                Thread.sleep(500);
            }

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("Kafka at 127.0.0.1:" + nothingListens + " unreachable");
        }
    }

    /** Counts answers (outputs and error records) by request key, reading both topics from the beginning. */
    private static final class AnswerCounter implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final TopicNames topics;
        private final Set<String> answered = new HashSet<>();
        private int total;
        private int errors;
        private int unknownKeys;

        AnswerCounter(KafkaBroker broker, TopicNames topics, String isolation) {
            this.topics = topics;
            Map<String, Object> properties = new HashMap<>(broker.clientProperties(Listener.PLAINTEXT));
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
            this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = List.of(
                    new TopicPartition(topics.modelOutputs("echo"), 0), new TopicPartition(topics.modelOutputs("echo"), 1),
                    new TopicPartition(topics.modelOutputs("echo"), 2), new TopicPartition(topics.errors(), 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void awaitDistinct(int wanted, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (answered.size() < wanted && System.nanoTime() < deadline) {
                poll();
            }
            assertThat(answered.size()).as("requests answered within " + timeout).isGreaterThanOrEqualTo(wanted);
        }

        /** Reads what is left up to the end of every partition (for read_committed: its last stable offset). */
        void readToEnd() {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                assertThat(System.nanoTime()).as("read to the end of the answer topics").isLessThan(deadline);
                poll();
            }
        }

        private void poll() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                String key = text(record.key());
                if (key == null || !key.startsWith("req-")) {
                    unknownKeys++;
                    continue;
                }
                total++;
                answered.add(key);
                if (record.topic().equals(topics.errors())) {
                    errors++;
                }
            }
        }

        int distinct() {
            return answered.size();
        }

        int total() {
            return total;
        }

        int errors() {
            return errors;
        }

        int unknownKeys() {
            return unknownKeys;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
