package io.seldonmesh.cli;

import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The last records of a topic, read without a consumer group: assign every partition, seek to the end minus
 * {@code last}, read up to the end offsets taken at the start. Nothing is committed, so no service's group or offsets
 * are touched, and a topic that does not exist is not created by asking for it.
 */
final class TopicTail implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final String bootstrap;

    TopicTail(KafkaClientFactory kafka) {
        this.bootstrap = kafka.settings().bootstrapServers();
        this.consumer = kafka.consumerWithoutGroup(new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READ_TIMEOUT.toMillis(),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) READ_TIMEOUT.toMillis(),
                ConsumerConfig.CLIENT_ID_CONFIG, "seldon-cli-inspect"));
    }

    /** Up to {@code last} records of each partition, oldest first per partition; empty when the topic does not exist. */
    Optional<List<ConsumerRecord<byte[], byte[]>>> last(String topic, int last) {
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions == null || partitions.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(assigned);
            for (TopicPartition partition : assigned) {
                consumer.seek(partition, Math.max(begins.get(partition), ends.get(partition) - last));
            }
            return Optional.of(readUpTo(ends));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw CliFailure.unreachable("cannot read " + topic + " from Kafka at " + bootstrap + " within "
                    + READ_TIMEOUT.toSeconds() + " s (" + e.getMessage() + "): check --kafka or KAFKA_BOOTSTRAP_SERVERS"
                    + " and Seldon's KAFKA_SECURITY_PROTOCOL settings", e);
        } catch (KafkaException e) {
            throw CliFailure.refused("Kafka at " + bootstrap + " refused reading " + topic + ": " + e.getMessage());
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> readUpTo(Map<TopicPartition, Long> ends) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (!caughtUp(ends)) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("the end offsets " + ends
                        + " were not reached");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        records.removeIf(r -> r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition())));
        return records;
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
