package io.seldonmesh.modelgateway.io;

import io.seldonmesh.modelgateway.core.OutputRecords;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.jboss.logging.Logger;

/**
 * How many partitions each answer topic has, from a producer's metadata, so an answer can go to its request's
 * partition. Read again after 30 s, so partitions added to a topic are used; only the first read of a topic blocks,
 * which {@link #know} does ahead of traffic.
 */
final class PartitionCounts {

    private static final Logger LOG = Logger.getLogger(PartitionCounts.class);
    private static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private record Count(int partitions, long readAtNanos) {
    }

    private final Function<String, List<PartitionInfo>> partitionsFor;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    /** @param partitionsFor a producer's {@code partitionsFor} */
    PartitionCounts(Function<String, List<PartitionInfo>> partitionsFor) {
        this.partitionsFor = partitionsFor;
    }

    /** The request's partition when {@code topic} has it, else null (the key chooses). */
    Integer samePartition(String topic, int requestPartition) {
        Count count = counts.get(topic);
        long now = System.nanoTime();
        if (count == null || now - count.readAtNanos() > TTL_NANOS) {
            try {
                count = new Count(partitionsFor.apply(topic).size(), now);
                counts.put(topic, count);
            } catch (KafkaException e) {
                LOG.warnf("partitions of topic %s unknown (%s); the record key chooses the partition", topic,
                        e.getMessage());
                return null;
            }
        }
        return OutputRecords.samePartition(requestPartition, count.partitions());
    }

    void know(String topic) {
        samePartition(topic, 0);
    }
}
