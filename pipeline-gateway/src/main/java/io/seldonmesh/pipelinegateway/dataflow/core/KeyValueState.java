package io.seldonmesh.pipelinegateway.dataflow.core;

import java.util.List;

/**
 * The sorted key-value memory of one partition of a pipeline version: in the service a Kafka Streams store backed by
 * a changelog topic, in tests a map.
 */
public interface KeyValueState {

    byte[] get(String key);

    void put(String key, byte[] value);

    void delete(String key);

    /** The keys from {@code from} (inclusive) to {@code to} (exclusive), in order. */
    List<String> keys(String from, String to);
}
