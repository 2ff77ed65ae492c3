package io.seldonmesh.pipelinegateway.dataflow.io;

import io.opentelemetry.api.trace.Span;
import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.runtime.RequestLogContext;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowEngine;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowPlan;
import io.seldonmesh.pipelinegateway.dataflow.core.FlowMetrics;
import io.seldonmesh.pipelinegateway.dataflow.core.FlowState;
import io.seldonmesh.pipelinegateway.dataflow.core.Inbound;
import io.seldonmesh.pipelinegateway.dataflow.core.RecordOwnership;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The one processor of a pipeline version's topology, one instance per partition (Kafka Streams task): hands every
 * record to a {@link DataflowEngine} over the task's store, and forwards what the engine sends to the sink node of
 * its topic. A record the engine cannot handle is logged and skipped, never allowed to stop the partition; Kafka's
 * own failures go to Kafka Streams, which retries or replaces the thread.
 */
final class PipelineProcessor implements Processor<byte[], byte[], RoutedKey, byte[]> {

    private static final Logger LOG = Logger.getLogger(PipelineProcessor.class);

    private final DataflowPlan plan;
    private final RecordOwnership ownership;
    private final FlowMetrics metrics;
    private final long maxRecordBytes;
    private final Duration tick;
    private final Map<String, String> sinkNodes;
    private final ActivityClock activity;
    private final KafkaTracing tracing;
    private ProcessorContext<RoutedKey, byte[]> context;
    private DataflowEngine engine;

    PipelineProcessor(DataflowPlan plan, RecordOwnership ownership, FlowMetrics metrics, long maxRecordBytes,
                      Duration tick, Map<String, String> sinkNodes, ActivityClock activity, KafkaTracing tracing) {
        this.plan = plan;
        this.ownership = ownership;
        this.metrics = metrics;
        this.maxRecordBytes = maxRecordBytes;
        this.tick = tick;
        this.sinkNodes = sinkNodes;
        this.activity = activity;
        this.tracing = tracing;
    }

    @Override
    public void init(ProcessorContext<RoutedKey, byte[]> context) {
        this.context = context;
        KeyValueStore<String, byte[]> store = context.getStateStore(PipelineTopology.STORE);
        this.engine = new DataflowEngine(plan, ownership, new FlowState(new StoreState(store)),
                (topic, key, partition, value, headers, timestamp) -> {
                    activity.touch(context.currentSystemTimeMs());
                    tracing.carryCurrent(headers);
                    context.forward(new Record<>(new RoutedKey(key, partition), value, timestamp, headers),
                            sinkNodes.get(topic));
                }, metrics, maxRecordBytes);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> guarded(() -> engine.tick(now), "closing windows"));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        // one span per record a step handles: the records it sends (to the next steps, the pipeline's outputs) carry it
        Span span = tracing.process(source.topic(), record.headers());
        span.setAttribute(KafkaTracing.PIPELINE, plan.pipeline());
        try (RequestLogContext ignored = RequestLogContext.of(span, null, plan.pipeline(), null)) {
            guarded(() -> engine.process(new Inbound(source.topic(), source.partition(), record.key(), record.value(),
                    record.headers(), record.timestamp()), context.currentSystemTimeMs()),
                    "a record of " + source.topic() + "-" + source.partition() + " at offset " + source.offset());
        } finally {
            span.end();
        }
    }

    private void guarded(Runnable work, String what) {
        try {
            work.run();
        } catch (KafkaException kafka) {
            throw kafka;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: %s failed and is skipped: %s", plan.version(), what, e.getMessage());
        }
    }
}
