package io.seldonmesh.pipelinegateway.io;

import io.opentelemetry.api.trace.Span;
import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.v2.InferenceSummary;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.core.RequestSender;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Writes request records with the gateway's one producer; Kafka's refusals become failures a caller can act on. Each
 * write is a span of the caller's trace, whose context the record carries to the model or pipeline that answers.
 */
public final class KafkaRequestSender implements RequestSender {

    private final Producer<byte[], byte[]> producer;
    private final KafkaErrorExplainer explainer;
    private final KafkaTracing tracing;

    public KafkaRequestSender(Producer<byte[], byte[]> producer, KafkaErrorExplainer explainer, KafkaTracing tracing) {
        this.producer = producer;
        this.explainer = explainer;
        this.tracing = tracing;
    }

    @Override
    public CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Span span = tracing.publish(record.topic(), record.headers());
        try {
            producer.send(record, (metadata, error) -> {
                KafkaTracing.end(span, error);
                if (error == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure(record, error));
                }
            });
        } catch (KafkaException e) {
            KafkaTracing.end(span, e);
            sent.completeExceptionally(failure(record, e));
        }
        return sent;
    }

    private InferenceFailure failure(ProducerRecord<byte[], byte[]> record, Exception error) {
        if (error instanceof RecordTooLargeException) {
            // The broker (message.max.bytes) or the topic (max.message.bytes) has a lower limit than ours.
            return new InferenceFailure(InferenceFailure.Reason.TOO_LARGE, "Kafka refused the request to "
                    + record.topic() + " as too large: it is " + InferenceSummary.humanBytes(record.value().length)
                    + " (" + record.value().length + " bytes) and the broker's limit is lower (" + error.getMessage()
                    + "); send a smaller batch or raise the topic's max.message.bytes", error);
        }
        return new InferenceFailure(InferenceFailure.Reason.KAFKA_UNAVAILABLE, "could not write the request to "
                + record.topic() + ": " + explainer.explain(error, AclOperation.WRITE, record.topic()), error);
    }
}
