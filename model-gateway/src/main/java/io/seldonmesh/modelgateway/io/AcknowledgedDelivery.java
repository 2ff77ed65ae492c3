package io.seldonmesh.modelgateway.io;

import io.seldonmesh.modelgateway.core.PartitionLane;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * At-least-once: answers go out through the shared {@link OutputSender} as soon as their lane releases them, and the
 * consumer commits, per partition, the offset its lane says is safe — one past the longest run of answers the broker
 * acknowledged. A crash loses nothing; the next owner writes again the answers written since the last commit.
 */
final class AcknowledgedDelivery implements Delivery {

    private static final Logger LOG = Logger.getLogger(AcknowledgedDelivery.class);

    private final String groupId;
    private final OutputSender sender;
    private Consumer<byte[], byte[]> consumer;

    AcknowledgedDelivery(String groupId, OutputSender sender) {
        this.groupId = groupId;
        this.sender = sender;
    }

    @Override
    public Outlet outlet() {
        return sender;
    }

    @Override
    public boolean sendsOnConsumerThread() {
        return false;
    }

    @Override
    public void start(Consumer<byte[], byte[]> started) {
        consumer = started;
    }

    @Override
    public void pump() {
        // The sender writes answers as their lanes release them.
    }

    @Override
    public void commit(Map<TopicPartition, PartitionLane<Answer>> lanes) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        lanes.forEach((partition, lane) -> {
            OptionalLong next = lane.takeCommittable();
            if (next.isPresent()) {
                offsets.put(partition, new OffsetAndMetadata(next.getAsLong()));
            }
        });
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    // A later commit covers these offsets; at worst a restart answers a few requests twice.
                    LOG.warnf("consumer %s: commit of %s failed: %s", groupId, committed, error.toString());
                }
            });
        }
    }

    @Override
    public void commitLeaving(Map<TopicPartition, PartitionLane<Answer>> lanes, Collection<TopicPartition> leaving) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : leaving) {
            PartitionLane<Answer> lane = lanes.get(partition);
            if (lane != null) {
                lane.committable().ifPresent(next -> offsets.put(partition, new OffsetAndMetadata(next)));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        while (true) {
            try {
                consumer.commitSync(offsets);
                return;
            } catch (WakeupException woken) {
                // A subscription change or stop() woke the consumer: the commit still matters, do it.
            } catch (RuntimeException e) {
                LOG.warnf("consumer %s: final commit of %s failed (%s); the next owner may answer some requests again",
                        groupId, offsets, e.toString());
                return;
            }
        }
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
        // Their lanes are closed and nothing of them is committed: the new owner answers from its last commit.
    }

    @Override
    public void failed() {
        consumer = null;
    }

    @Override
    public void stopped() {
        consumer = null;
    }

    @Override
    public Optional<String> problem() {
        return sender.problem();
    }
}
