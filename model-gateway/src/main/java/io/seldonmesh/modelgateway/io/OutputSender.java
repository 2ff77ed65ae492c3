package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.modelgateway.api.GatewayMetrics;
import io.seldonmesh.modelgateway.core.OutputRecords;
import io.seldonmesh.modelgateway.core.Rejection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * Writes answers with the one shared producer and reports each acknowledgement to the answer's lane, which is what
 * lets the consumer commit the request's offset.
 *
 * <p>When the producer or broker refuses an answer as too large, an error record naming both sizes is written in
 * its place (and, should even that be too large, one without the request's headers), so the request still gets an
 * answer. Any other failure (the producer already retried for {@code delivery.timeout.ms}) is explained in the log,
 * makes the gateway not ready, and the answer is sent again after a pause: its offset stays uncommitted until it is
 * written, so nothing is lost, though that answer may land after later ones of its partition.
 */
final class OutputSender {

    private static final Logger LOG = Logger.getLogger(OutputSender.class);
    private static final Duration RESEND_PAUSE = Duration.ofSeconds(1);
    private static final long PARTITION_COUNT_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private record PartitionCount(int partitions, long readAtNanos) {
    }

    private final Producer<byte[], byte[]> producer;
    private final OutputRecords outputs;
    private final BrokerLimits limits;
    private final ScheduledExecutorService worker;
    private final GatewayMetrics metrics;
    private final KafkaErrorExplainer explainer;
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final Map<String, PartitionCount> partitionCounts = new ConcurrentHashMap<>();

    /**
     * @param worker runs what must not run on the producer's I/O thread (replacements, resends)
     */
    OutputSender(Producer<byte[], byte[]> producer, OutputRecords outputs, BrokerLimits limits,
                 ScheduledExecutorService worker, GatewayMetrics metrics, KafkaErrorExplainer explainer) {
        this.producer = producer;
        this.outputs = outputs;
        this.limits = limits;
        this.worker = worker;
        this.metrics = metrics;
        this.explainer = explainer;
    }

    void send(Answer answer) {
        producer.send(answer.record(), (metadata, error) -> {
            if (error == null) {
                acknowledged(answer);
            } else {
                worker.execute(() -> failed(answer, error));
            }
        });
    }

    /**
     * The request's partition when {@code topic} has it, else null (the key chooses). Blocks only the first time
     * a topic is seen, while the producer fetches its metadata; {@link #knowTopic} does that ahead of traffic.
     */
    Integer partition(String topic, int requestPartition) {
        PartitionCount count = partitionCounts.get(topic);
        long now = System.nanoTime();
        if (count == null || now - count.readAtNanos() > PARTITION_COUNT_TTL_NANOS) {
            try {
                count = new PartitionCount(producer.partitionsFor(topic).size(), now);
                partitionCounts.put(topic, count);
            } catch (KafkaException e) {
                LOG.warnf("partitions of topic %s unknown (%s); the record key chooses the partition", topic,
                        e.getMessage());
                return null;
            }
        }
        return OutputRecords.samePartition(requestPartition, count.partitions());
    }

    /** Fetches a topic's metadata now, so the first answer for it does not wait. */
    void knowTopic(String topic) {
        partition(topic, 0);
    }

    /** What keeps answers from being written, for readiness; empty when the last send succeeded. */
    Optional<String> problem() {
        return Optional.ofNullable(problem.get());
    }

    private void acknowledged(Answer answer) {
        answer.lane().acknowledged(answer.request().offset());
        problem.set(null);
        GatewayMetrics.ModelMeters meters = metrics.model(answer.model());
        if (answer.isError()) {
            meters.failed(answer.rejection().status(), answer.startNanos());
        } else {
            meters.succeeded(answer.startNanos());
        }
    }

    private void failed(Answer answer, Exception error) {
        if (answer.lane().isClosed()) {
            // The partition moved to another consumer, which answers its copy of the request.
            metrics.model(answer.model()).abandoned();
            return;
        }
        ProducerRecord<byte[], byte[]> record = answer.record();
        if (error instanceof RecordTooLargeException) {
            replaceTooLarge(answer);
            return;
        }
        String explained = explainer.explain(error, AclOperation.WRITE);
        problem.set("cannot write to topic " + record.topic() + ": " + explained);
        LOG.errorf("model=%s request=%s: could not write the %s to %s (input %s-%d offset %d), trying again in %d s: %s",
                answer.model(), answer.requestId(), answer.isError() ? "error record" : "output", record.topic(),
                answer.request().topic(), answer.request().partition(), answer.request().offset(),
                RESEND_PAUSE.toSeconds(), explained);
        worker.schedule(() -> send(answer), RESEND_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void replaceTooLarge(Answer answer) {
        ProducerRecord<byte[], byte[]> record = answer.record();
        Integer errorPartition = partition(outputs.errorsTopic(), answer.request().partition());
        if (!answer.isError()) {
            Rejection refused = outputs.brokerRefused(record, OutputRecords.describe(answer.model(), answer.requestId()),
                    limits.maxMessageBytes(record.topic()));
            LOG.warnf("model=%s request=%s: %s", answer.model(), answer.requestId(), refused.message());
            send(answer.replacedBy(outputs.error(answer.model(), answer.requestId(), answer.request(), refused,
                    errorPartition), refused, false));
        } else if (!answer.bare()) {
            LOG.warnf("model=%s request=%s: error record too large for topic %s; writing it without the request's headers",
                    answer.model(), answer.requestId(), record.topic());
            send(answer.replacedBy(outputs.bareError(answer.model(), answer.requestId(), answer.request(),
                    answer.rejection(), errorPartition), answer.rejection(), true));
        } else {
            LOG.errorf("model=%s request=%s: even a bare error record is refused as too large by topic %s;"
                    + " the request (input %s-%d offset %d) is answered by this log line only: %s",
                    answer.model(), answer.requestId(), record.topic(), answer.request().topic(),
                    answer.request().partition(), answer.request().offset(), answer.rejection().message());
            acknowledged(answer);
        }
    }
}
