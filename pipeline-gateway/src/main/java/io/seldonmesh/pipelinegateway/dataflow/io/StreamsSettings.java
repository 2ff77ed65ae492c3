package io.seldonmesh.pipelinegateway.dataflow.io;

import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams settings of a pipeline version's application. Kafka Streams' defaults favour throughput; a pipeline
 * request crosses the dataflow once per step, so each of these matters to its latency. Every one can be overridden
 * with Seldon's passthrough ({@code kafka.streams.<property>}), which common's client factory applies last.
 */
final class StreamsSettings {

    private StreamsSettings() {
    }

    static Map<String, Object> of(KafkaClientFactory clients, String applicationId, DataflowSettings settings,
                                  Path stateDir) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.processingGuarantee());
        // One thread per version: a pipeline's partitions are few, and versions run side by side.
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Streams' 30 s (at-least-once) would repeat up to 30 s of records after a crash; answers are not held back
        // by commits (except with exactly-once, where 100 ms is Streams' own default).
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        // Joins here do not depend on the order of records across topics, so a task never waits for an empty
        // partition to catch up before processing what it has (Streams' default may hold records back).
        properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // How long a poll blocks with nothing to read: windows close at most this late.
        properties.put(StreamsConfig.POLL_MS_CONFIG, settings.tick().toMillis());
        properties.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, clients.settings().topicReplicationFactor());
        properties.put(StreamsConfig.DEFAULT_PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                OversizedRecords.class.getName());
        // Streams' producer default is 100 ms; Seldon's 0 sends every step's record at once.
        properties.put(StreamsConfig.producerPrefix("linger.ms"), 0);
        // A new version's consumer offsets are set before it starts (StartingOffsets); a partition without one
        // starts at the end, never at the beginning of a shared model topic's history.
        properties.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "latest");
        return clients.streamsProperties(applicationId, properties);
    }
}
