package io.seldonmesh.pipelinegateway.dataflow.core;

import org.apache.kafka.common.header.Headers;

/** A record a pipeline version reads, with where it was read. */
public record Inbound(String topic, int partition, byte[] key, byte[] value, Headers headers, long timestamp) {
}
