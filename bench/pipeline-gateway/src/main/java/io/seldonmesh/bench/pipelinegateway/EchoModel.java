package io.seldonmesh.bench.pipelinegateway;

import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Stands in for model-gateway and the model server when {@code BENCH_MODEL_SIDE=echo}: answers each request
 * on the model's outputs topic with its inputs, same key, partition and headers, so the measured path is
 * pipeline-gateway and Kafka alone.
 */
final class EchoModel implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String outputs;
    private final Thread thread;
    private volatile boolean running = true;

    EchoModel(Map<String, Object> client, String inputs, String outputs, int partitions) {
        this.outputs = outputs;
        this.consumer = new KafkaConsumer<>(client, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(KafkaRoundTrip.withLingerZero(client), new ByteArraySerializer(),
                new ByteArraySerializer());
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(inputs, p));
        }
        consumer.assign(all);
        consumer.seekToEnd(all);
        all.forEach(consumer::position);
        this.thread = new Thread(this::run, "echo-model");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(answer(record));
                }
            }
        } catch (WakeupException closing) {
            // close() was called
        } catch (Exception e) {
            System.err.println("echo model failed: " + e);
        } finally {
            consumer.close();
        }
    }

    private ProducerRecord<byte[], byte[]> answer(ConsumerRecord<byte[], byte[]> record) throws Exception {
        ModelInferRequest request = ModelInferRequest.parseFrom(record.value());
        ModelInferResponse response = Tensors.setOutputs(ModelInferResponse.newBuilder()
                .setModelName(request.getModelName()).setId(request.getId()), Tensors.inputs(request)).build();
        return new ProducerRecord<>(outputs, record.partition(), record.key(), response.toByteArray(),
                record.headers());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
