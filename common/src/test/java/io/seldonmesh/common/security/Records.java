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

    /**
     * Idle connections close after a second and the sender wakes at least every two seconds, so a producer with
     * these settings keeps opening new connections (its metadata connection comes back each time), each one doing a
     * fresh TLS handshake and login: what a test of credential reloading needs to watch.
     */
    static final Map<String, Object> RECONNECTING_PRODUCER = Map.of(
            "connections.max.idle.ms", 1000,
            "request.timeout.ms", 2000,
            "delivery.timeout.ms", 10_000,
            "max.block.ms", 10_000);

    static Producer<String, String> producer(KafkaClientFactory factory) {
        return factory.producer(new StringSerializer(), new StringSerializer(), QUICK_PRODUCER);
    }

    static RecordMetadata send(Producer<String, String> producer, String topic, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
    }

    static double connectionsOpened(Producer<?, ?> producer) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals("connection-creation-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow();
    }

    /** Waits until the producer has opened a connection since {@code connectionsBefore} were counted. */
    static void awaitNewConnection(Producer<?, ?> producer, double connectionsBefore) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (connectionsOpened(producer) <= connectionsBefore) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the producer opened no new connection in 20 s");
            }
            Thread.sleep(100);
        }
    }

    /** Sends until the broker takes the record: a producer recovers from failed logins on its own. */
    static void sendUntilAccepted(Producer<String, String> producer, String topic, String value) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                send(producer, topic, value);
                return;
            } catch (Exception refused) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the producer did not recover within 30 s", refused);
                }
                Thread.sleep(200);
            }
        }
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
