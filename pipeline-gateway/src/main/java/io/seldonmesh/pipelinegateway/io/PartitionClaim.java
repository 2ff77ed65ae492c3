package io.seldonmesh.pipelinegateway.io;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Shares the partition numbers among gateway replicas through Kafka's own group membership, so replicas can
 * come and go (a Deployment, not a StatefulSet) without configuration. Every replica joins one consumer
 * group on the errors topic, which has as many partitions as every other topic; the partitions the group
 * assigns to a replica are the partition numbers it writes requests to, on every inputs topic. The group's
 * partitions are paused at once: membership is all this consumer is for (the errors themselves are read by
 * {@link ReplyListener}). The cooperative assignor moves only the partitions that must move when a replica
 * joins or leaves, so the others keep answering.
 */
public final class PartitionClaim extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(PartitionClaim.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final ReplyListener listener;
    private boolean subscribed;

    /** @param consumer a consumer in the gateways' shared group, owned by this claim from now on */
    public PartitionClaim(Consumer<byte[], byte[]> consumer, String topic, ReplyListener listener,
                          KafkaErrorExplainer explainer) {
        super("partition-claim", "group membership", consumer, explainer);
        this.topic = topic;
        this.listener = listener;
    }

    @Override
    protected void round() {
        if (!subscribed) {
            consumer.subscribe(List.of(topic), new Rebalance());
            subscribed = true;
        }
        consumer.poll(POLL);
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            if (!partitions.isEmpty()) {
                LOG.infof("claimed partitions %s", numbers(partitions));
                listener.claimed(numbers(partitions));
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.infof("gave up partitions %s to another gateway replica", numbers(partitions));
                listener.released(numbers(partitions));
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.warnf("lost partitions %s: this replica missed the group's session timeout", numbers(partitions));
                listener.released(numbers(partitions));
            }
        }
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }
}
