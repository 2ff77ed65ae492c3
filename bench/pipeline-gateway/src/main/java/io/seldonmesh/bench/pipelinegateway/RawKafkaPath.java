package io.seldonmesh.bench.pipelinegateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floors under any path through Kafka, with the same clients and payload as the services but no service in
 * between: one hop (a record written, and read by a consumer in this JVM) and a request/reply round trip (an echo
 * reads the request and writes the reply, which the caller reads).
 */
final class RawKafkaPath implements InferencePath, AutoCloseable {

    private final String requests;
    private final byte[] payload;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<TopicReader> readers;

    private RawKafkaPath(Map<String, Object> client, String requests, String replies, byte[] payload) {
        this.requests = requests;
        this.payload = payload;
        this.producer = new KafkaProducer<>(withLingerZero(client), new ByteArraySerializer(),
                new ByteArraySerializer());
        ReplyReader reader = new ReplyReader(client, replies, waiting);
        this.readers = requests.equals(replies) ? List.of(reader)
                : List.of(reader, new Echo(client, requests, replies));
    }

    /** A record produced to {@code topic} and consumed from it once: the cost of one Kafka hop. */
    static RawKafkaPath oneHop(Map<String, Object> client, String topic, byte[] payload) throws Exception {
        createTopics(client, topic);
        return new RawKafkaPath(client, topic, topic, payload);
    }

    /** A request on {@code requests} echoed on {@code replies}: two hops, the floor of a Kafka request/reply. */
    static RawKafkaPath roundTrip(Map<String, Object> client, String requests, String replies, byte[] payload)
            throws Exception {
        createTopics(client, requests, replies);
        return new RawKafkaPath(client, requests, replies, payload);
    }

    @Override
    public CompletableFuture<Void> call(int sequence) {
        String id = Long.toString(ids.incrementAndGet());
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
        readers.forEach(TopicReader::close);
        producer.close(Duration.ofSeconds(2));
    }

    /** Kafka 4's producer lingers 5 ms by default; Seldon's, and the services', send at once. */
    static Map<String, Object> withLingerZero(Map<String, Object> client) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("linger.ms", 0);
        return properties;
    }

    private static void createTopics(Map<String, Object> client, String... names) throws Exception {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(Arrays.stream(names).map(name -> new NewTopic(name, 1, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
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
            super(client, replies, 1, "raw-replies-" + replies);
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
