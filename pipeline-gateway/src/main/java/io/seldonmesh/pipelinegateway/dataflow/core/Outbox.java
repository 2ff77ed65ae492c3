package io.seldonmesh.pipelinegateway.dataflow.core;

import org.apache.kafka.common.header.Headers;

/**
 * Where a pipeline version's records go. A request's records stay on the partition number it arrived on, in every
 * topic, so that joins meet in one place and the answer reaches the gateway replica reading that partition.
 */
public interface Outbox {

    void send(String topic, byte[] key, int partition, byte[] value, Headers headers, long timestamp);
}
