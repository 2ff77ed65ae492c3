package io.seldonmesh.pipelinegateway.core;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a request record; completes when Kafka has it, or fails with an {@link InferenceFailure}. */
public interface RequestSender {

    CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record);
}
