package io.seldonmesh.common.kafka;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How new topics are created: partitions and replication factor (Seldon's
 * {@code KAFKA_TOPICS_NUM_PARTITIONS} and {@code KAFKA_TOPICS_REPLICATION_FACTOR}) and any further
 * topic configs (for example {@code max.message.bytes}) applied to every topic created.
 */
public record TopicSettings(int partitions, short replicationFactor, Map<String, String> topicConfigs) {

    public static final String PARTITIONS_VARIABLE = SeldonKafkaSettings.KAFKA_TOPICS_NUM_PARTITIONS;
    public static final String REPLICATION_VARIABLE = SeldonKafkaSettings.KAFKA_TOPICS_REPLICATION_FACTOR;
    public static final String MAX_MESSAGE_BYTES_VARIABLE = SeldonKafkaSettings.KAFKA_MESSAGE_MAX_BYTES;
    private static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException(PARTITIONS_VARIABLE + "=" + partitions
                    + " is not a partition count: a topic needs at least 1 partition");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(REPLICATION_VARIABLE + "=" + replicationFactor
                    + " is not a replication factor: a topic needs at least 1 replica");
        }
        topicConfigs = topicConfigs == null ? Map.of() : Map.copyOf(topicConfigs);
        String minInsync = topicConfigs.get(MIN_INSYNC_REPLICAS);
        if (minInsync != null && !minInsync.trim().matches("[1-9][0-9]{0,4}")) {
            throw new IllegalArgumentException("topic config " + MIN_INSYNC_REPLICAS + "='" + minInsync
                    + "' is not a replica count: expected a whole number of at least 1");
        }
    }

    /** The {@code min.insync.replicas} set for new topics here, overriding the broker's. */
    public OptionalInt minInsyncReplicas() {
        String value = topicConfigs.get(MIN_INSYNC_REPLICAS);
        return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.trim()));
    }

    public TopicSettings(int partitions, int replicationFactor) {
        this(partitions, checkedShort(replicationFactor), Map.of());
    }

    /**
     * The partitions and replication factor the service is configured with, and {@code max.message.bytes} at the
     * record limit its clients are configured with ({@code KAFKA_MESSAGE_MAX_BYTES}), as Seldon creates its topics
     * since its issue #4668: otherwise the broker's default (1 MB) refuses what the clients were told they may send.
     */
    public static TopicSettings from(SeldonKafkaSettings settings) {
        return new TopicSettings(settings.topicPartitions(), checkedShort(settings.topicReplicationFactor()),
                Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.messageMaxBytes())));
    }

    /** The record limit new topics are asked for, if any. */
    public OptionalInt maxMessageBytes() {
        String value = topicConfigs.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.trim()));
    }

    /** These settings without {@code max.message.bytes}: new topics take the cluster's default. */
    public TopicSettings withoutMaxMessageBytes() {
        Map<String, String> configs = new HashMap<>(topicConfigs);
        configs.remove(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        return new TopicSettings(partitions, replicationFactor, configs);
    }

    private static short checkedShort(int replicationFactor) {
        if (replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException(REPLICATION_VARIABLE + "=" + replicationFactor
                    + " is larger than Kafka allows (" + Short.MAX_VALUE + ")");
        }
        return (short) replicationFactor;
    }
}
