package io.seldonmesh.pipelinegateway.dataflow.io;

import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowPlan;
import io.seldonmesh.pipelinegateway.dataflow.core.FlowMetrics;
import io.seldonmesh.pipelinegateway.dataflow.core.PipelineVersion;
import io.seldonmesh.pipelinegateway.dataflow.core.RecordOwnership;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One pipeline version's topology in Kafka Streams' {@link TopologyTestDriver}: records go in on named topics, the
 * records the dataflow writes come out, and the wall clock moves only when a test says so.
 */
final class DataflowDriver implements AutoCloseable {

    static final TopicNames TOPICS = TopicNames.of("seldon", "test");
    static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    static final long VERSION = 7;

    final DataflowPlan plan;
    final RecordOwnership ownership;
    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
    private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();
    private Instant clock = START;

    DataflowDriver(String pipelineYaml) {
        this(pipelineYaml, Long.MIN_VALUE, 1_000_000);
    }

    DataflowDriver(String pipelineYaml, long activeFrom, long maxRecordBytes) {
        Pipeline pipeline = Pipeline.parse("apiVersion: mlops.seldon.io/v1alpha1\nkind: Pipeline\n" + pipelineYaml);
        PipelineVersion version = new PipelineVersion(pipeline, VERSION, activeFrom);
        this.plan = DataflowPlan.of(version, TOPICS, Duration.ofSeconds(60));
        this.ownership = new RecordOwnership(version, TOPICS.pipelineInputs(pipeline.name()));
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "dataflow-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        this.driver = new TopologyTestDriver(PipelineTopology.build(plan, ownership, FlowMetrics.NONE, maxRecordBytes,
                Duration.ofMillis(10), new ActivityClock(), KafkaTracing.OFF), properties, START);
    }

    String pipeline() {
        return plan.pipeline();
    }

    /** A caller's request entering the pipeline, as pipeline-gateway writes it. */
    void request(String id, ModelInferRequest request) {
        send(TOPICS.pipelineInputs(pipeline()), key(id), request.toByteArray(), headers(id, pipeline(), null));
    }

    /** A model's answer on its outputs topic, carrying the request's headers as model-gateway does. */
    void answer(String model, String id, ModelInferResponse response, Headers requestHeaders) {
        Headers headers = new RecordHeaders(requestHeaders.toArray());
        headers.add(SeldonHeaders.ROUTE, (":" + model + "_1:").getBytes(StandardCharsets.UTF_8));
        send(TOPICS.modelOutputs(model), key(id), response.toByteArray(), headers);
    }

    void send(String topic, byte[] key, byte[] value, Headers headers) {
        inputs.computeIfAbsent(topic, t -> driver.createInputTopic(t, new ByteArraySerializer(),
                new ByteArraySerializer())).pipeInput(new TestRecord<>(key, value, headers, clock));
    }

    /** Everything written to {@code topic} since the last read. */
    List<TestRecord<byte[], byte[]>> read(String topic) {
        return new ArrayList<>(outputs.computeIfAbsent(topic, t -> driver.createOutputTopic(t,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())).readRecordsToList());
    }

    TestRecord<byte[], byte[]> readOne(String topic) {
        List<TestRecord<byte[], byte[]>> records = read(topic);
        if (records.size() != 1) {
            throw new AssertionError("expected one record on " + topic + ", found " + records.size());
        }
        return records.get(0);
    }

    ModelInferRequest modelRequest(String model) throws Exception {
        return ModelInferRequest.parseFrom(readOne(TOPICS.modelInputs(model)).value());
    }

    void advance(Duration duration) {
        clock = clock.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    static byte[] key(String id) {
        return ("0.p." + id).getBytes(StandardCharsets.UTF_8);
    }

    static Headers headers(String id, String pipeline, String version) {
        Headers headers = new RecordHeaders();
        headers.add(SeldonHeaders.REQUEST_ID, id.getBytes(StandardCharsets.UTF_8));
        if (pipeline != null) {
            headers.add(SeldonHeaders.PIPELINE, pipeline.getBytes(StandardCharsets.UTF_8));
        }
        if (version != null) {
            headers.add(SeldonHeaders.PIPELINE_VERSION, version.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Override
    public void close() {
        driver.close();
    }
}
