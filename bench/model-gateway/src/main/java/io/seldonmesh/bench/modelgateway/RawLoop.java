package io.seldonmesh.bench.modelgateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor: the simplest correct at-least-once consume-produce loop. Poll, write every record to the output topic
 * (same key, partition and headers), wait for the acknowledgements, commit. No decoding, no model.
 */
final class RawLoop implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String output;
    private final Thread thread;
    private volatile boolean running = true;

    private RawLoop(Map<String, Object> client, String input, String output) {
        Map<String, Object> consumerProperties = new HashMap<>(client);
        consumerProperties.put("group.id", "bench-raw-loop");
        consumerProperties.put("enable.auto.commit", false);
        consumerProperties.put("auto.offset.reset", "earliest");
        Map<String, Object> producerProperties = new HashMap<>(client);
        producerProperties.put("acks", "all");
        producerProperties.put("enable.idempotence", true);
        producerProperties.put("linger.ms", 0);
        this.consumer = new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
        this.output = output;
        consumer.subscribe(List.of(input));
        this.thread = new Thread(this::loop, "raw-loop");
    }

    static RawLoop start(Map<String, Object> client, String input, String output) {
        RawLoop loop = new RawLoop(client, input, output);
        loop.thread.start();
        return loop;
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(output, record.partition(), record.key(), record.value(),
                            record.headers()));
                }
                producer.flush();
                consumer.commitAsync();
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } finally {
            consumer.close();
            producer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join();
    }
}
