package io.seldonmesh.modelfetcher.io;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;

/**
 * A model control topic and a model status topic of one test's own, on the shared broker: Model
 * specs go in as the control API writes them, status records come out in arrival order with the
 * replica that published each.
 */
final class ModelTopics implements AutoCloseable {

    /** One status record as it arrived. */
    record Seen(ModelStatusKey key, ModelStatus status) {
    }

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaClientFactory kafka;
    private final TopicNames names;
    private final Producer<byte[], byte[]> control;
    private final Consumer<byte[], byte[]> statuses;
    private final List<Seen> seen = new ArrayList<>();

    ModelTopics() throws ExecutionException, InterruptedException {
        kafka = KafkaClientFactory.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT),
                "SELDON_TOPIC_PREFIX", "fetcher" + RUNS.incrementAndGet(), "SELDON_NAMESPACE", "seldon-mesh"));
        names = TopicNames.from(kafka.settings());
        try (Admin admin = kafka.admin(Map.of())) {
            // Compacted, as the services create them: the fetcher checks the shared topics it finds.
            Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            admin.createTopics(List.of(new NewTopic(names.controlModels(), 1, (short) 1).configs(compacted),
                    new NewTopic(names.statusModels(), 1, (short) 1).configs(compacted))).all().get();
        }
        control = kafka.producer(new ByteArraySerializer(), new ByteArraySerializer(), Map.of());
        statuses = kafka.consumerWithoutGroup(new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of());
        TopicPartition statusPartition = new TopicPartition(names.statusModels(), 0);
        statuses.assign(List.of(statusPartition));
        statuses.seekToBeginning(List.of(statusPartition));
    }

    KafkaClientFactory kafka() {
        return kafka;
    }

    TopicNames names() {
        return names;
    }

    /** Sends a bare spec under the model's name; returns its offset, the version the fetcher gives it. */
    long sendSpec(String model, String specJson) {
        return send(model, bytes(specJson));
    }

    /** Sends a whole Model resource (YAML or JSON) as the control API does: its name as key, its spec as JSON. */
    long apply(String resource) {
        Model model = Model.parse(resource);
        return send(model.name(), model.specJson());
    }

    void delete(String model) {
        send(model, null);
    }

    /** The first status of {@code model} in {@code state}, from any replica; fails after 30 s naming what was seen. */
    ModelStatus await(String model, ModelState state) {
        return await(model, null, state);
    }

    /** As {@link #await(String, ModelState)}, from {@code replica} only. */
    ModelStatus await(String model, String replica, ModelState state) {
        return await(model, replica, status -> status.state() == state, state.toString());
    }

    /** The first status of {@code model} from any replica that matches {@code condition}, described as {@code what}. */
    ModelStatus await(String model, Predicate<ModelStatus> condition, String what) {
        return await(model, null, condition, what);
    }

    private ModelStatus await(String model, String replica, Predicate<ModelStatus> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ModelStatus> found = seen.stream()
                    .filter(record -> record.key().model().equals(model) && condition.test(record.status()))
                    .filter(record -> replica == null || record.key().replica().equals(replica))
                    .map(Seen::status).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            for (ConsumerRecord<byte[], byte[]> record : statuses.poll(Duration.ofMillis(200))) {
                seen.add(new Seen(ModelStatusKey.parse(record.key()), ModelStatus.parse(record.value())));
            }
        }
        throw new AssertionError("no " + what + " status for model " + model + (replica == null ? "" : " from " + replica)
                + " within " + WAIT.toSeconds() + " s; seen: " + seen);
    }

    /** The statuses published for {@code model} so far, by any replica, in arrival order. */
    List<ModelStatus> statusesOf(String model) {
        return seen.stream().filter(record -> record.key().model().equals(model)).map(Seen::status).toList();
    }

    /** The states published for {@code model} so far, by any replica, in arrival order. */
    List<ModelState> statesOf(String model) {
        return statusesOf(model).stream().map(ModelStatus::state).toList();
    }

    /** Every status record read so far. */
    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Forgets the records read so far, e.g. before a restart, so that later awaits see only new ones. */
    void forget() {
        seen.clear();
    }

    private long send(String model, byte[] value) {
        try {
            return control.send(new ProducerRecord<>(names.controlModels(), bytes(model), value)).get().offset();
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException("could not send the spec of model " + model + " to " + names.controlModels(), e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        control.close();
        statuses.close();
    }
}
