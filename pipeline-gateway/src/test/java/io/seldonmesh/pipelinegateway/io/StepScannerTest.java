package io.seldonmesh.pipelinegateway.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.pipelinegateway.core.StepCheck;
import io.seldonmesh.pipelinegateway.core.StepLookup;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.StepSightings;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The look-back at steps' outputs topics, on the real broker, with its bounds. */
class StepScannerTest {

    private static final KafkaClientFactory CLIENTS = KafkaClientFactory.fromEnvironment(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT)));
    private static final Duration TIME = Duration.ofMillis(900);

    private final String prefix = "scan-" + UUID.randomUUID().toString().substring(0, 8);
    private final String first = prefix + ".model.a.outputs";
    private final String second = prefix + ".model.b.outputs";
    private Admin admin;
    private Producer<byte[], byte[]> producer;
    private StepScanner scanner;

    @BeforeEach
    void topics() throws Exception {
        admin = CLIENTS.admin(Map.of());
        admin.createTopics(List.of(new NewTopic(first, 2, (short) 1), new NewTopic(second, 2, (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
        producer = CLIENTS.producer(new ByteArraySerializer(), new ByteArraySerializer(), Map.of());
    }

    @AfterEach
    void close() {
        if (scanner != null) {
            scanner.close();
        }
        producer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
    }

    @Test
    void requestsRecordIsFoundOnTheStepThatAnsweredAndNotOnTheOther() throws Exception {
        long sentAt = System.currentTimeMillis();
        write(first, 1, "r1", "p");
        for (int i = 0; i < 5; i++) {
            write(second, i % 2, "other-" + i, "p");
        }
        scanner = scanner(100);

        StepSightings seen = scan("r1", "p", sentAt, first, second);

        assertThat(seen.answered()).containsExactly(first);
        assertThat(seen.unfinished()).isEmpty();
        assertThat(seen.missing()).isEmpty();
        assertThat(seen.cutShort()).isEmpty();
    }

    @Test
    void recordOfTheSameIdThroughAnotherPipelineIsNotThisRequestsAnswer() throws Exception {
        long sentAt = System.currentTimeMillis();
        write(first, 0, "shared-id", "another");
        write(second, 0, "shared-id", null);
        scanner = scanner(100);

        StepSightings seen = scan("shared-id", "p", sentAt, first, second);

        assertThat(seen.answered()).containsExactly(second);
    }

    @Test
    void lookBackStopsAtTheRecordLimitAndSaysSo() throws Exception {
        long sentAt = System.currentTimeMillis();
        for (int i = 0; i < 60; i++) {
            write(second, i % 2, "noise-" + i, "p");
        }
        scanner = scanner(10);

        StepSightings seen = scan("r1", "p", sentAt, second);

        assertThat(seen.answered()).isEmpty();
        assertThat(seen.unfinished()).containsExactly(second);
        assertThat(seen.cutShort()).contains("it read 10 records (SELDON_GATEWAY_STEP_SCAN_RECORDS=10)");
        assertThat(scanner.recordsRead()).isEqualTo(10);
    }

    @Test
    void lookBackReadsOnlyThePartitionTheRequestWasWrittenTo() throws Exception {
        long sentAt = System.currentTimeMillis();
        for (int i = 0; i < 60; i++) {
            write(second, 0, "noise-" + i, "p");
        }
        write(second, 1, "r1", "p");
        scanner = scanner(10);

        StepSightings seen = scanOn(1, "r1", "p", sentAt, second);

        assertThat(seen.answered()).containsExactly(second);
        assertThat(seen.cutShort()).isEmpty();
        assertThat(scanner.recordsRead()).isEqualTo(1);
    }

    @Test
    void recordsFromBeforeTheRequestWasSentAreNotRead() throws Exception {
        write(first, 0, "r1", "p");
        scanner = scanner(100);

        StepSightings seen = scan("r1", "p", System.currentTimeMillis() + 60_000, first);

        assertThat(seen.answered()).isEmpty();
        assertThat(seen.cutShort()).isEmpty();
        assertThat(scanner.recordsRead()).isZero();
    }

    @Test
    void stepWhoseTopicDoesNotExistIsMissingAndTheTopicIsNotCreated() throws Exception {
        String absent = prefix + ".model.never.outputs";
        scanner = scanner(100);

        StepSightings seen = scan("r1", "p", System.currentTimeMillis(), absent);

        assertThat(seen.missing()).containsExactly(absent);
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain(absent);
    }

    private StepScanner scanner(int records) {
        StepScanner scanner = new StepScanner(CLIENTS.consumerWithoutGroup(new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)),
                new StepScanLimits(records, TIME), new KafkaErrorExplainer(CLIENTS.settings()));
        scanner.start();
        return scanner;
    }

    private StepSightings scan(String id, String pipeline, long sentAt, String... topics) throws Exception {
        return scanOn(StepLookup.ANY_PARTITION, id, pipeline, sentAt, topics);
    }

    private StepSightings scanOn(int partition, String id, String pipeline, long sentAt, String... topics)
            throws Exception {
        List<StepCheck> steps = java.util.Arrays.stream(topics).map(topic -> new StepCheck(topic, topic, topic))
                .toList();
        return scanner.scan(new StepLookup(id, pipeline, sentAt, System.nanoTime() + TIME.toNanos(), partition,
                steps)).get(5, TimeUnit.SECONDS);
    }

    private void write(String topic, int partition, String id, String pipeline) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        SeldonHeaders.put(headers, SeldonHeaders.REQUEST_ID, id);
        if (pipeline != null) {
            SeldonHeaders.put(headers, SeldonHeaders.PIPELINE, pipeline);
        }
        producer.send(new ProducerRecord<>(topic, partition, id.getBytes(StandardCharsets.UTF_8), new byte[0],
                headers)).get(10, TimeUnit.SECONDS);
    }
}
