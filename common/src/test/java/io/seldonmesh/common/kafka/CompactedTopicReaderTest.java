package io.seldonmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The one reader of compacted topics, against the shared real broker. */
class CompactedTopicReaderTest {

    private static final KafkaClientFactory CLIENTS = KafkaClientFactory.fromEnvironment(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT)));

    @Test
    void appliesWhatWasWrittenBeforeStartInOrderThenIsCaughtUp() throws Exception {
        String topic = "compacted-" + UUID.randomUUID();
        create(topic, 2);
        write(topic, "a", "1");
        write(topic, "b", "1");
        write(topic, "a", null);
        Seen seen = new Seen();

        try (CompactedTopicReader reader = reader(topic, seen)) {
            reader.start();
            await(reader::caughtUp);

            assertThat(seen.applied).containsExactlyInAnyOrder("a=1", "b=1", "a=null");
            assertThat(seen.applied.indexOf("a=1")).isLessThan(seen.applied.indexOf("a=null"));
            assertThat(seen.caughtUp).hasValue(1);
            assertThat(reader.problem()).isEmpty();

            write(topic, "c", "2");
            await(() -> seen.applied.contains("c=2"));
        }
    }

    @Test
    void waitsForATopicThatDoesNotExistYetSayingSo() throws Exception {
        String topic = "compacted-later-" + UUID.randomUUID();
        Seen seen = new Seen();
        try (CompactedTopicReader reader = reader(topic, seen)) {
            reader.start();
            await(() -> reader.problem().filter(p -> p.contains("does not exist yet")).isPresent());
            assertThat(reader.caughtUp()).isFalse();
            assertThat(reader.problem().orElseThrow()).contains(topic);

            create(topic, 1);
            // the reader clears its problem just after it counts itself caught up, once the owner has been told
            await(() -> reader.caughtUp() && reader.problem().isEmpty());
        }
    }

    @Test
    void recordTheOwnerCannotUseIsSkippedAndTheRestStillCounts() throws Exception {
        String topic = "compacted-bad-" + UUID.randomUUID();
        create(topic, 1);
        write(topic, "bad", "x");
        write(topic, "good", "1");
        Seen seen = new Seen();
        seen.refuse = "bad";

        try (CompactedTopicReader reader = reader(topic, seen)) {
            reader.start();
            await(reader::caughtUp);
            assertThat(seen.applied).containsExactly("good=1");
        }
    }

    /** What the reader handed over. */
    private static final class Seen implements CompactedTopicReader.Records {
        final List<String> applied = new CopyOnWriteArrayList<>();
        final AtomicInteger caughtUp = new AtomicInteger();
        String refuse;

        @Override
        public void apply(ConsumerRecord<byte[], byte[]> record) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (key.equals(refuse)) {
                throw new IllegalArgumentException("not a record this owner understands");
            }
            applied.add(key + "=" + (record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
        }

        @Override
        public void caughtUp() {
            caughtUp.incrementAndGet();
        }
    }

    private static CompactedTopicReader reader(String topic, CompactedTopicReader.Records records) {
        return new CompactedTopicReader("test topics", List.of(topic), CLIENTS.consumerWithoutGroup(
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of("allow.auto.create.topics", false)),
                records, new KafkaErrorExplainer(CLIENTS.settings()));
    }

    private static void create(String topic, int partitions) throws Exception {
        try (Admin admin = CLIENTS.admin(Map.of())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(20, TimeUnit.SECONDS);
        }
    }

    private static void write(String topic, String key, String value) throws Exception {
        try (Producer<byte[], byte[]> producer = CLIENTS.producer(new ByteArraySerializer(), new ByteArraySerializer(),
                Map.of())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
