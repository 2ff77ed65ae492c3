package io.seldonmesh.pipelinegateway;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.common.status.PipelineStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes status records as model-fetcher and the dataflow would. */
public final class StatusWriter implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final TopicNames topics;

    public StatusWriter(String bootstrap, TopicNames topics) {
        this.topics = topics;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void model(String model, ModelState state, String reason) {
        ModelStatus status = new ModelStatus(state, "1", "server-0", null, reason, null, Instant.now());
        send(topics.statusModels(), new ModelStatusKey(model, "server-0").toBytes(), status.toJson());
    }

    public void pipeline(String pipeline, PipelineState state, String reason) {
        send(topics.statusPipelines(), pipeline.getBytes(StandardCharsets.UTF_8),
                new PipelineStatus(state, reason, Instant.now()).toJson());
    }

    private void send(String topic, byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not write status to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
