package io.seldonmesh.modelgateway.testing;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What a test does on Kafka around the gateway: topics, model status, requests in, answers out. */
public final class KafkaTestClient implements AutoCloseable {

    private final KafkaBroker broker;
    private final TopicNames topics;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaTestClient(KafkaBroker broker, TopicNames topics) {
        this.broker = broker;
        this.topics = topics;
        this.admin = Admin.create(broker.adminProperties());
        Map<String, Object> producerProperties = new HashMap<>(broker.clientProperties(Listener.PLAINTEXT));
        producerProperties.put("linger.ms", 5);
        producerProperties.put("max.request.size", 10_000_000);
        this.producer = new KafkaProducer<>(producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
        // Compacted status and control topics, as the first service to start would create them; the broker would
        // otherwise auto-create them on the first status record, with the wrong cleanup policy.
        new TopicProvisioner(admin, topics, new TopicSettings(1, 1), Duration.ofSeconds(30)).ensureShared();
    }

    /** Creates the model's input and output topics with these partitions (and topic configs for the outputs). */
    public void createModelTopics(String model, int partitions, Map<String, String> outputConfigs) {
        createTopic(topics.modelInputs(model), partitions, Map.of());
        createTopic(topics.modelOutputs(model), partitions, outputConfigs);
    }

    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the status of the model's replica 0. */
    public void publishStatus(String model, ModelState state, Endpoints endpoints) {
        ModelStatus status = new ModelStatus(state, "1", "test-server", endpoints, null, null, Instant.now());
        send(new ProducerRecord<>(topics.statusModels(), new ModelStatusKey(model, "0").toBytes(), status.toJson()));
    }

    public void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send to " + record.topic(), e.getCause());
        }
    }

    /** Sends without waiting; {@link #flush()} waits for all. */
    public void sendAsync(ProducerRecord<byte[], byte[]> record) {
        producer.send(record);
    }

    public void flush() {
        producer.flush();
    }

    /** A request record with these headers (name, value, name, value...). */
    public static ProducerRecord<byte[], byte[]> record(String topic, Integer partition, String key, byte[] value,
                                                        String... headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            recordHeaders.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                recordHeaders);
    }

    /** Reads {@code topic} from the beginning until {@code count} records match, or fails after {@code timeout}. */
    public List<ConsumerRecord<byte[], byte[]>> await(String topic, Predicate<ConsumerRecord<byte[], byte[]>> matching,
                                                      int count, Duration timeout) {
        return await(topic, matching, count, timeout, "read_uncommitted");
    }

    /** The same as a {@code read_committed} reader: records of open or aborted transactions are not seen. */
    public List<ConsumerRecord<byte[], byte[]>> awaitCommitted(String topic,
                                                               Predicate<ConsumerRecord<byte[], byte[]>> matching,
                                                               int count, Duration timeout) {
        return await(topic, matching, count, timeout, "read_committed");
    }

    /** Every committed record of {@code topic} that matches, reading up to the end of each partition. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic,
                                                              Predicate<ConsumerRecord<byte[], byte[]>> matching) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = readerOf(topic, "read_committed")) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + ends + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }

    private List<ConsumerRecord<byte[], byte[]>> await(String topic, Predicate<ConsumerRecord<byte[], byte[]>> matching,
                                                       int count, Duration timeout, String isolation) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = readerOf(topic, isolation)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " matching records on " + topic + " within " + timeout
                    + ", found " + found.size());
        }
        return found;
    }

    private KafkaConsumer<byte[], byte[]> readerOf(String topic, String isolation) {
        Map<String, Object> properties = new HashMap<>(broker.clientProperties(Listener.PLAINTEXT));
        properties.put("max.partition.fetch.bytes", 10_000_000);
        properties.put("isolation.level", isolation);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
