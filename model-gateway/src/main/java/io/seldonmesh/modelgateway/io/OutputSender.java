package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.modelgateway.api.GatewayMetrics;
import io.seldonmesh.modelgateway.core.OutputRecords;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * At-least-once's outlet: writes answers with the one shared producer and reports each acknowledgement to the
 * answer's lane, which is what lets the consumer commit the request's offset.
 *
 * <p>When the producer or broker refuses an answer as too large, {@link TooLargeAnswers} says what to write in its
 * place, so the request still gets an answer. Any other failure (the producer already retried for
 * {@code delivery.timeout.ms}) is explained in the log, makes the gateway not ready, and the answer is sent again
 * after a pause: its offset stays uncommitted until it is written, so nothing is lost, though that answer may land
 * after later ones of its partition.
 */
final class OutputSender implements Outlet {

    private static final Logger LOG = Logger.getLogger(OutputSender.class);
    private static final Duration RESEND_PAUSE = Duration.ofSeconds(1);

    private final Producer<byte[], byte[]> producer;
    private final OutputRecords outputs;
    private final TooLargeAnswers tooLarge;
    private final ScheduledExecutorService worker;
    private final GatewayMetrics metrics;
    private final KafkaErrorExplainer explainer;
    private final PartitionCounts partitions;
    private final AtomicReference<String> problem = new AtomicReference<>();

    /**
     * @param worker runs what must not run on the producer's I/O thread (replacements, resends)
     */
    OutputSender(Producer<byte[], byte[]> producer, OutputRecords outputs, TooLargeAnswers tooLarge,
                 ScheduledExecutorService worker, GatewayMetrics metrics, KafkaErrorExplainer explainer) {
        this.producer = producer;
        this.outputs = outputs;
        this.tooLarge = tooLarge;
        this.worker = worker;
        this.metrics = metrics;
        this.explainer = explainer;
        this.partitions = new PartitionCounts(producer::partitionsFor);
    }

    @Override
    public void send(Answer answer) {
        producer.send(answer.record(), (metadata, error) -> {
            if (error == null) {
                acknowledged(answer);
            } else {
                worker.execute(() -> failed(answer, error));
            }
        });
    }

    @Override
    public Integer partition(String topic, int requestPartition) {
        return partitions.samePartition(topic, requestPartition);
    }

    @Override
    public void knowTopic(String topic) {
        partitions.know(topic);
    }

    /** What keeps answers from being written, for readiness; empty when the last send succeeded. */
    Optional<String> problem() {
        return Optional.ofNullable(problem.get());
    }

    private void acknowledged(Answer answer) {
        answer.lane().acknowledged(answer.request().offset());
        problem.set(null);
        answer.count(metrics);
    }

    private void failed(Answer answer, Exception error) {
        if (answer.lane().isClosed()) {
            // The partition moved to another consumer, which answers its copy of the request.
            metrics.model(answer.model()).abandoned();
            return;
        }
        ProducerRecord<byte[], byte[]> record = answer.record();
        if (error instanceof RecordTooLargeException) {
            tooLarge.replacement(answer, partition(outputs.errorsTopic(), answer.request().partition()))
                    .ifPresentOrElse(this::send, () -> acknowledged(answer));
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
}
