package io.seldonmesh.pipelinegateway.dataflow.io;

import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowPlan;
import io.seldonmesh.pipelinegateway.dataflow.core.FlowMetrics;
import io.seldonmesh.pipelinegateway.dataflow.core.RecordOwnership;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams topology of one pipeline version: every topic it reads feeds one {@link PipelineProcessor},
 * which keeps its memory in one in-memory store backed by a changelog topic and writes through one sink per topic.
 * One processor for the whole pipeline, so all its stages share a task per partition: a request's records, on one
 * partition number in every topic, always meet in the same task.
 */
public final class PipelineTopology {

    static final String STORE = "dataflow-state";
    private static final String PROCESSOR = "pipeline";

    private PipelineTopology() {
    }

    /**
     * @param maxRecordBytes the largest record the producer sends
     * @param tick how often windows are checked for closing
     * @param tracing a span per record handled, whose context the records it sends carry
     */
    public static Topology build(DataflowPlan plan, RecordOwnership ownership, FlowMetrics metrics,
                                 long maxRecordBytes, Duration tick, ActivityClock activity, KafkaTracing tracing) {
        Topology topology = new Topology();
        List<String> sources = List.copyOf(plan.sourceTopics());
        String[] sourceNodes = new String[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            sourceNodes[i] = "source-" + i + "-" + sources.get(i);
            topology.addSource(sourceNodes[i], new ByteArrayDeserializer(), new ByteArrayDeserializer(), sources.get(i));
        }
        Map<String, String> sinkNodes = new LinkedHashMap<>();
        for (String sink : plan.sinkTopics()) {
            sinkNodes.put(sink, "sink-" + sinkNodes.size() + "-" + sink);
        }
        topology.addProcessor(PROCESSOR, () -> new PipelineProcessor(plan, ownership, metrics, maxRecordBytes, tick,
                Map.copyOf(sinkNodes), activity, tracing), sourceNodes);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled(), PROCESSOR);
        sinkNodes.forEach((topic, node) -> topology.addSink(node, topic, RoutedKey.SERIALIZER,
                new ByteArraySerializer(), RoutedKey.PARTITIONER, PROCESSOR));
        return topology;
    }
}
