package io.seldonmesh.modelgateway.io;

import io.seldonmesh.modelgateway.core.PartitionLane;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumer's delivery guarantee: how its answers reach Kafka and how its input offsets are committed.
 * {@link AcknowledgedDelivery} is at-least-once, {@link TransactionalDelivery} exactly-once. {@link #outlet()} is
 * used by any thread; everything else runs on the consumer's thread, which calls it in this order: {@link #start}
 * for each new Kafka consumer, then {@link #pump} on every turn of the poll loop and {@link #commit} every commit
 * interval, {@link #commitLeaving} before partitions go, and finally {@link #stopped} or, when the Kafka consumer
 * failed, {@link #failed}.
 */
interface Delivery {

    /** Where the consumer's lanes release answers. */
    Outlet outlet();

    /** Answers leave only when the consumer's thread {@link #pump}s: it should not wait long in poll meanwhile. */
    boolean sendsOnConsumerThread();

    /** A new Kafka consumer is about to poll for the first time. */
    void start(Consumer<byte[], byte[]> consumer);

    /** Moves released answers on; called on every turn of the poll loop and while draining. */
    void pump();

    /** Commits the offsets that are safe; called every commit interval. */
    void commit(Map<TopicPartition, PartitionLane<Answer>> lanes);

    /** The last commit for {@code leaving}, whose lanes close right after (revoked partitions, or the consumer stops). */
    void commitLeaving(Map<TopicPartition, PartitionLane<Answer>> lanes, Collection<TopicPartition> leaving);

    /** {@code partitions} belong to another consumer already (their lanes are closed): nothing of them may be committed. */
    void lost(Collection<TopicPartition> partitions);

    /** The Kafka consumer failed and will be replaced; every lane is closed. Must not throw. */
    void failed();

    /** The consumer stopped for good, after its last {@link #commitLeaving}. */
    void stopped();

    /** What keeps answers from being written, for readiness; empty when they are. */
    Optional<String> problem();
}
