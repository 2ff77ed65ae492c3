package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.status.CredentialEvent;
import io.seldonmesh.common.status.CredentialEvent.Change;
import io.seldonmesh.secretsync.core.HeldSource;
import io.seldonmesh.secretsync.core.ReplicatedSource;
import io.seldonmesh.secretsync.core.SourceRef;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The credentials topic read back from the shared real broker, across restarts of the publisher. */
class CredentialEventsTest {

    private static final KafkaClientFactory CLIENTS = KafkaClientFactory.fromEnvironment(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT)));
    private static final String NAMESPACE = "seldon-mesh";
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    private final TopicNames topics = TopicNames.of("restart-" + UUID.randomUUID(), NAMESPACE);

    @Test
    void sourcesDeletedWhileDownGetTheirDeletedRecordAtStartAndUnchangedOnesAreNotAnnouncedAgain() throws Exception {
        try (CredentialEvents first = events()) {
            first.start();
            first.publish(List.of(replicated("kafka-sasl", HASH_A), replicated("gone-sasl", HASH_B)),
                    List.of(new HeldSource(new SourceRef(NAMESPACE, "gone-invalid"), "3")));
            await().atMost(Duration.ofSeconds(30)).until(() -> records().size() == 3);
        }
        write(new CredentialEvent("other-namespace", "theirs", "9", HASH_A, Change.ADDED));

        try (CredentialEvents restarted = events()) {
            restarted.start();
            restarted.publish(List.of(replicated("kafka-sasl", HASH_A)), List.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> records().size() == 6);
            assertThat(restarted.problem()).isEmpty();
        }

        List<CredentialEvent> records = records();
        assertThat(records.subList(4, 6)).extracting(CredentialEvent::name, CredentialEvent::event, CredentialEvent::sha256)
                .containsExactlyInAnyOrder(tuple("gone-sasl", Change.DELETED, null),
                        tuple("gone-invalid", Change.DELETED, null));
        assertThat(records).filteredOn(event -> event.name().equals("kafka-sasl")).hasSize(1);
        assertThat(records).filteredOn(event -> event.name().equals("theirs")).hasSize(1);
    }

    @Test
    void nothingIsPublishedBeforeTheTopicHasBeenReadAndOnlyTheLatestSourcesCount() throws Exception {
        try (Admin admin = CLIENTS.admin(Map.of())) {
            admin.createTopics(List.of(new NewTopic(topics.controlCredentials(), 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(20, TimeUnit.SECONDS);
        }
        write(new CredentialEvent(NAMESPACE, "kafka-sasl", "1", HASH_A, Change.ADDED));
        try (CredentialEvents events = events()) {
            events.publish(List.of(replicated("kafka-sasl", HASH_B)), List.of());
            events.publish(List.of(), List.of(new HeldSource(new SourceRef(NAMESPACE, "kafka-sasl"), "2")));
            assertThat(events.problem()).isNotEmpty();

            events.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> records().size() == 2);
            Thread.sleep(500);
        }
        assertThat(records()).containsExactly(new CredentialEvent(NAMESPACE, "kafka-sasl", "1", HASH_A, Change.ADDED),
                new CredentialEvent(NAMESPACE, "kafka-sasl", "2", HASH_A, Change.INVALID));
    }

    @Test
    void lastRecordPerSecretMatchesTheSourcesAfterRandomChangesAndRestarts() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> names = List.of("s0", "s1", "s2", "s3", "s4");
        List<String> hashes = List.of(HASH_A, HASH_B, "c".repeat(64));
        Map<String, String> state = new HashMap<>();
        for (int restart = 0; restart < 4; restart++) {
            try (CredentialEvents events = events()) {
                events.start();
                for (int step = 0; step < 5; step++) {
                    // absent, valid with one of three fingerprints, or invalid
                    for (String name : names) {
                        int pick = random.nextInt(5);
                        state.put(name, pick == 0 ? null : pick == 4 ? "invalid" : hashes.get(pick - 1));
                    }
                    publish(events, state);
                }
                boolean crash = restart < 3 && random.nextBoolean();
                if (!crash) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> events.problem().isEmpty() && events.pendingEvents() == 0);
                }
            }
        }
        try (CredentialEvents last = events()) {
            last.start();
            publish(last, state);
            await().atMost(Duration.ofSeconds(30)).until(() -> last.problem().isEmpty() && last.pendingEvents() == 0);
        }

        Map<String, CredentialEvent> lastRecords = new HashMap<>();
        records().forEach(event -> lastRecords.put(event.name(), event));
        for (String name : names) {
            String expected = state.get(name);
            CredentialEvent record = lastRecords.get(name);
            String seen = record == null || record.event() == Change.DELETED ? null
                    : record.event() == Change.INVALID ? "invalid" : record.sha256();
            assertThat(seen).as("last record of %s (seed %d)", name, seed).isEqualTo(expected);
        }
    }

    private static void publish(CredentialEvents events, Map<String, String> state) {
        List<ReplicatedSource> replicated = new ArrayList<>();
        List<HeldSource> held = new ArrayList<>();
        state.forEach((name, value) -> {
            if ("invalid".equals(value)) {
                held.add(new HeldSource(new SourceRef(NAMESPACE, name), "1"));
            } else if (value != null) {
                replicated.add(replicated(name, value));
            }
        });
        events.publish(replicated, held);
    }

    private CredentialEvents events() {
        return new CredentialEvents(CLIENTS, topics, new TopicSettings(1, 1), Duration.ofSeconds(10), NAMESPACE,
                outcome -> { });
    }

    private static ReplicatedSource replicated(String name, String sha256) {
        return new ReplicatedSource(new SourceRef(NAMESPACE, name), "1", sha256);
    }

    private void write(CredentialEvent event) throws Exception {
        try (Producer<String, byte[]> producer = CLIENTS.producer(new StringSerializer(),
                new ByteArraySerializer(), Map.of())) {
            producer.send(new ProducerRecord<>(topics.controlCredentials(), event.name(), event.toJson())).get();
        }
    }

    /** Every record of the credentials topic, in order (one partition); empty while it does not exist. */
    private List<CredentialEvent> records() {
        try (Consumer<byte[], byte[]> consumer = CLIENTS.consumerWithoutGroup(new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Map.of("allow.auto.create.topics", false))) {
            var partitions = consumer.partitionsFor(topics.controlCredentials(), Duration.ofSeconds(5));
            if (partitions == null || partitions.isEmpty()) {
                return List.of();
            }
            TopicPartition partition = new TopicPartition(topics.controlCredentials(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<CredentialEvent> events = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(10);
            while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(CredentialEvent.parse(record.value()).name());
                    events.add(CredentialEvent.parse(record.value()));
                }
            }
            return events;
        }
    }
}
