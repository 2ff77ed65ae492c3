package io.seldonmesh.pipelinegateway.dataflow.io;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * A record key with the partition it must be written to. Kafka Streams' partitioner sees only the key and the
 * value, not the record being processed; the dataflow keeps each request on the partition number it arrived on
 * (its joins meet there, and the gateway replica reading that partition gets the answer), so that number travels
 * with the key. Only the key bytes are written.
 */
record RoutedKey(byte[] bytes, int partition) {

    static final Serializer<RoutedKey> SERIALIZER = (topic, key) -> key == null ? null : key.bytes();

    /** Every sink writes to the partition its key carries (modulo the topic's partitions, checked equal at start). */
    static final StreamPartitioner<RoutedKey, byte[]> PARTITIONER =
            (topic, key, value, partitions) -> Optional.of(Set.of(key.partition() % partitions));
}
