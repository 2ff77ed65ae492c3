package io.seldonmesh.common.security;

import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing and reading back records through the factory under test, with bounded waits. */
final class Records {

    /** Keeps a failing send from blocking a test for Kafka's default minute. */
    static final Map<String, Object> QUICK_PRODUCER = Map.of(
            "max.block.ms", 15_000,
            "request.timeout.ms", 10_000,
            "delivery.timeout.ms", 15_000);

    private Records() {
    }

    static Producer<String, String> producer(KafkaClientFactory factory) {
        return factory.producer(new StringSerializer(), new StringSerializer(), QUICK_PRODUCER);
    }

    static RecordMetadata send(Producer<String, String> producer, String topic, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
    }

    /** Reads {@code count} values from the start of the topic through a consumer group of the factory. */
    static List<String> read(KafkaClientFactory factory, String group, String topic, int count) {
        List<String> values = new ArrayList<>();
        try (Consumer<String, String> consumer = factory.consumer(group, new StringDeserializer(), new StringDeserializer(), Map.of())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
