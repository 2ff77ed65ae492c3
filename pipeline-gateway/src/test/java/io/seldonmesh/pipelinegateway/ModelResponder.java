package io.seldonmesh.pipelinegateway;

import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.RequestKey;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays the model side on the real broker, as model-gateway does: reads an inputs topic and answers on the
 * outputs topic with the same key, partition and headers, or on the errors topic naming the model.
 */
public final class ModelResponder implements AutoCloseable {

    /** Header the responder adds to each answer, so tests see that x-* headers come back to the caller. */
    public static final String ANSWERED_BY = "x-answered-by";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String name;
    private final String outputsTopic;
    private final String errorsTopic;
    private final String failure;
    private final String failureStatus;
    private final boolean abortFirst;
    private final Thread thread;
    private final List<ConsumerRecord<byte[], byte[]>> received = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> perPartition = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private ModelResponder(String bootstrap, String name, String inputsTopic, String outputsTopic, String errorsTopic,
                           String failureStatus, String failure, boolean abortFirst) {
        this.name = name;
        this.failureStatus = failureStatus;
        this.outputsTopic = outputsTopic;
        this.errorsTopic = errorsTopic;
        this.failure = failure;
        this.abortFirst = abortFirst;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "responder-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> producerConfig = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0));
        if (abortFirst) {
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "responder-" + UUID.randomUUID());
        }
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        if (abortFirst) {
            producer.initTransactions();
        }
        consumer.subscribe(List.of(inputsTopic));
        this.thread = new Thread(this::run, "responder-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers every request with its own inputs as outputs. */
    public static ModelResponder echo(String bootstrap, String name, String inputsTopic, String outputsTopic) {
        return new ModelResponder(bootstrap, name, inputsTopic, outputsTopic, null, null, null, false);
    }

    /**
     * As model-gateway in exactly-once mode after a failure: each request is first answered (marked
     * {@value #ANSWERED_BY}: {@code aborted}) in a transaction that is aborted, then in one that commits.
     */
    public static ModelResponder echoAfterAnAbortedAnswer(String bootstrap, String name, String inputsTopic,
                                                          String outputsTopic) {
        return new ModelResponder(bootstrap, name, inputsTopic, outputsTopic, null, null, null, true);
    }

    /** Answers every request with an error record carrying {@code status} and {@code message}, as model-gateway would. */
    public static ModelResponder failing(String bootstrap, String name, String inputsTopic, String errorsTopic,
                                         String status, String message) {
        return new ModelResponder(bootstrap, name, inputsTopic, null, errorsTopic, status, message, false);
    }

    public List<ConsumerRecord<byte[], byte[]>> received() {
        return received;
    }

    public int receivedOn(int partition) {
        return perPartition.getOrDefault(partition, new AtomicInteger()).get();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    received.add(record);
                    perPartition.computeIfAbsent(record.partition(), p -> new AtomicInteger()).incrementAndGet();
                    if (abortFirst) {
                        producer.beginTransaction();
                        producer.send(aborted(record));
                        producer.flush();
                        producer.abortTransaction();
                        producer.beginTransaction();
                        producer.send(answer(record));
                        producer.commitTransaction();
                    } else {
                        producer.send(failure == null ? answer(record) : error(record));
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() was called
        } catch (Exception e) {
            throw new IllegalStateException("responder " + name + " failed", e);
        } finally {
            consumer.close();
        }
    }

    private ProducerRecord<byte[], byte[]> answer(ConsumerRecord<byte[], byte[]> record) throws Exception {
        ModelInferRequest request = ModelInferRequest.parseFrom(record.value());
        ModelInferResponse response = Tensors.setOutputs(ModelInferResponse.newBuilder()
                .setModelName(name).setId(request.getId()), Tensors.inputs(request)).build();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), header.value());
        }
        headers.add(ANSWERED_BY, name.getBytes(StandardCharsets.UTF_8));
        // As model-gateway does: this model's hop after those the request already carries.
        headers.add(SeldonHeaders.ROUTE, (":" + name + "_1:").getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(outputsTopic, record.partition(), record.key(), response.toByteArray(), headers);
    }

    private ProducerRecord<byte[], byte[]> aborted(ConsumerRecord<byte[], byte[]> record) throws Exception {
        ProducerRecord<byte[], byte[]> answer = answer(record);
        answer.headers().remove(ANSWERED_BY).add(ANSWERED_BY, "aborted".getBytes(StandardCharsets.UTF_8));
        return answer;
    }

    private ProducerRecord<byte[], byte[]> error(ConsumerRecord<byte[], byte[]> record) {
        String requestId = RequestKey.tryParse(record.key()).map(RequestKey::requestId)
                .or(() -> SeldonHeaders.requestId(record.headers())).orElse(null);
        return new ErrorRecord(name, requestId, failureStatus, failure, "send tensors the model accepts")
                .toRecord(errorsTopic, record.partition(), record.key(), record.headers());
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
