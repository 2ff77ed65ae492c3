package io.seldonmesh.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces one record and reads it back, both with the same client settings. */
final class RoundTrip {

    private RoundTrip() {
    }

    static String newTopic(KafkaBroker broker) throws Exception {
        String topic = "t-" + UUID.randomUUID();
        try (Admin admin = Admin.create(broker.adminProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    static void produce(Map<String, Object> client, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer(client)) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(20, TimeUnit.SECONDS);
        }
    }

    /** The first record of partition 0; assign() instead of a group keeps it to a few hundred ms. */
    static String consumeFirst(Map<String, Object> client, String topic) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put("key.deserializer", StringDeserializer.class.getName());
        settings.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("no record arrived on " + topic + " within 20 s");
    }

    static String roundTrip(KafkaBroker broker, Map<String, Object> client) throws Exception {
        String topic = newTopic(broker);
        String value = "hello " + client.get("security.protocol");
        produce(client, topic, value);
        return consumeFirst(client, topic);
    }

    static KafkaProducer<String, String> producer(Map<String, Object> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put("key.serializer", StringSerializer.class.getName());
        settings.put("value.serializer", StringSerializer.class.getName());
        settings.put("max.block.ms", 15_000);
        settings.put("delivery.timeout.ms", 15_000);
        settings.put("request.timeout.ms", 10_000);
        return new KafkaProducer<>(settings);
    }

    /** The first cause in the chain of the given type, or null. */
    static <T extends Throwable> T causeOfType(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
