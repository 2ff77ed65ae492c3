package io.seldonmesh.modelgateway.io;

import io.seldonmesh.modelgateway.api.GatewayMetrics;
import io.seldonmesh.modelgateway.core.PartitionLane;
import io.seldonmesh.modelgateway.core.Rejection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The record that answers one consumed request (its output, or an error record), with what is needed to
 * acknowledge it in its lane and to replace it when the broker refuses it.
 *
 * @param rejection  why this is an error record; null for an output
 * @param bare       an error record already cut down to the request id: nothing smaller can replace it
 * @param startNanos when the request was consumed ({@link System#nanoTime()})
 */
record Answer(PartitionLane<Answer> lane, ConsumerRecord<byte[], byte[]> request, String model, String requestId,
              ProducerRecord<byte[], byte[]> record, Rejection rejection, boolean bare, long startNanos) {

    boolean isError() {
        return rejection != null;
    }

    /** Counts this answer in the metrics: an output, or an error record by status. */
    void count(GatewayMetrics metrics) {
        GatewayMetrics.ModelMeters meters = metrics.model(model);
        if (isError()) {
            meters.failed(rejection.status(), startNanos);
        } else {
            meters.succeeded(startNanos);
        }
    }

    Answer replacedBy(ProducerRecord<byte[], byte[]> errorRecord, Rejection why, boolean isBare) {
        return new Answer(lane, request, model, requestId, errorRecord, why, isBare, startNanos);
    }
}
