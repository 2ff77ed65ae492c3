package io.seldonmesh.bench.pipelinegateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor under any Kafka request/reply: a request record, an echo that reads it and writes the reply
 * record, and the caller reading the reply, with the same clients and payload as the gateway path but no
 * service in between.
 */
final class KafkaRoundTrip implements AutoCloseable {

    private final String requests;
    private final String replies;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final Echo echo;
    private final ReplyReader reader;

    KafkaRoundTrip(Map<String, Object> client, String requests, String replies) {
        this.requests = requests;
        this.replies = replies;
        this.producer = new KafkaProducer<>(withLingerZero(client), new ByteArraySerializer(), new ByteArraySerializer());
        this.echo = new Echo(client, requests, replies);
        this.reader = new ReplyReader(client, replies, waiting);
    }

    /** Sends one request; completes when its reply is read. Ids must be unique among requests in flight. */
    CompletableFuture<Void> call(String id, byte[] payload) {
        CompletableFuture<Void> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        producer.send(new ProducerRecord<>(requests, 0, id.getBytes(StandardCharsets.UTF_8), payload),
                (metadata, error) -> {
                    if (error != null) {
                        waiting.remove(id);
                        reply.completeExceptionally(error);
                    }
                });
        return reply;
    }

    @Override
    public void close() {
        echo.close();
        reader.close();
        producer.close(Duration.ofSeconds(2));
    }

    static Map<String, Object> withLingerZero(Map<String, Object> client) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("linger.ms", 0);
        return properties;
    }

    private static final class Echo extends TopicReader {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String replies;

        Echo(Map<String, Object> client, String requests, String replies) {
            super(client, requests, 1, "raw-echo");
            this.producer = new KafkaProducer<>(withLingerZero(client), new ByteArraySerializer(),
                    new ByteArraySerializer());
            this.replies = replies;
            start();
        }

        @Override
        void handle(ConsumerRecord<byte[], byte[]> record) {
            producer.send(new ProducerRecord<>(replies, record.partition(), record.key(), record.value()));
        }

        @Override
        public void close() {
            super.close();
            producer.close(Duration.ofSeconds(2));
        }
    }

    private static final class ReplyReader extends TopicReader {
        private final Map<String, CompletableFuture<Void>> waiting;

        ReplyReader(Map<String, Object> client, String replies, Map<String, CompletableFuture<Void>> waiting) {
            super(client, replies, 1, "raw-replies");
            this.waiting = waiting;
            start();
        }

        @Override
        void handle(ConsumerRecord<byte[], byte[]> record) {
            CompletableFuture<Void> reply = waiting.remove(new String(record.key(), StandardCharsets.UTF_8));
            if (reply != null) {
                reply.complete(null);
            }
        }
    }
}
