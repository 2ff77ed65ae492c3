package io.seldonmesh.modelgateway;

import static io.seldonmesh.modelgateway.testing.KafkaTestClient.record;
import static io.seldonmesh.modelgateway.testing.KafkaTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.modelgateway.core.Requests;
import io.seldonmesh.modelgateway.testing.KafkaTestClient;
import io.seldonmesh.modelgateway.testing.TestModelServer;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway as a child process, as in production: killed with SIGKILL in the middle of a stream, a new
 * one answers every request the dead one had not (at-least-once), and readiness tells when Kafka is unreachable.
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
        KafkaBroker broker = SharedServers.kafka();
        TopicNames topics = TopicNames.of("seldon", "crash-test");
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.PLAINTEXT),
                "SELDON_NAMESPACE", topics.namespace(),
                "MODEL_SERVER_PROTOCOL", "rest",
                "MODEL_SERVER_URL", TestModelServer.shared().restUrl());
        try (KafkaTestClient kafka = new KafkaTestClient(broker, topics)) {
            kafka.createModelTopics("echo", 3, Map.of());
            kafka.publishStatus("echo", ModelState.AVAILABLE, null);
            for (int i = 0; i < REQUESTS; i++) {
                kafka.sendAsync(record(topics.modelInputs("echo"), i % 3, "req-" + i,
                        Requests.fp32("req-" + i, i).toByteArray()));
            }
            kafka.flush();

            QuarkusApp first = gateway("model-gateway-1", environment).start();
            int answeredBeforeKill;
            try (AnswerCounter counter = new AnswerCounter(broker, topics)) {
                counter.awaitDistinct(REQUESTS / 4, Duration.ofSeconds(60));
                ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
                answeredBeforeKill = counter.distinct();
                ProcessHandle.of(first.pid()).ifPresent(p -> p.onExit().join());
                assertThat(answeredBeforeKill).as("killed in the middle of the stream").isLessThan(REQUESTS);

                try (QuarkusApp second = gateway("model-gateway-2", environment).start()) {
                    counter.awaitDistinct(REQUESTS, Duration.ofSeconds(60));
                }
                System.out.printf("crash test: %d of %d requests answered when the gateway was killed; after restart"
                        + " %d answers for %d distinct requests (%d duplicates), %d error records%n",
                        answeredBeforeKill, REQUESTS, counter.total(), counter.distinct(),
                        counter.total() - counter.distinct(), counter.errors());
                assertThat(counter.distinct()).isEqualTo(REQUESTS);
                assertThat(counter.errors()).isZero();
                assertThat(counter.unknownKeys()).isZero();
            } finally {
                first.close();
            }
        }
    }

    @Test
    void readinessSaysKafkaIsUnreachable() throws Exception {
        int nothingListens = TestModelServer.freePort();
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

        AnswerCounter(KafkaBroker broker, TopicNames topics) {
            this.topics = topics;
            Map<String, Object> properties = new HashMap<>(broker.clientProperties(Listener.PLAINTEXT));
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
            assertThat(answered.size()).as("requests answered within " + timeout).isGreaterThanOrEqualTo(wanted);
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
