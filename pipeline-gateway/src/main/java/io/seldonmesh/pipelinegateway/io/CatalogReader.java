package io.seldonmesh.pipelinegateway.io;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.spec.InvalidSpecException;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.common.status.PipelineStatus;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.PipelineSpecListener;
import io.seldonmesh.pipelinegateway.core.PipelineVersions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link Catalog} equal to the compacted control and status topics: every partition read from the
 * beginning, no group (every replica needs everything). The catalog is marked caught up once the topics are
 * read to where they ended at start-up, so readiness is never judged on half the history.
 */
public final class CatalogReader extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(CatalogReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    private final TopicNames topics;
    private final Catalog catalog;
    private final List<PipelineSpecListener> listeners = new CopyOnWriteArrayList<>();
    private Map<TopicPartition, Long> startupEnds;

    /** @param consumer a consumer without a group, owned by this reader from now on */
    public CatalogReader(Consumer<byte[], byte[]> consumer, TopicNames topics, Catalog catalog,
                         KafkaErrorExplainer explainer) {
        super("catalog-reader", "reading the control and status topics", consumer, explainer);
        this.topics = topics;
        this.catalog = catalog;
    }

    /** Tells {@code listener} of every pipeline spec record from the beginning; register before {@link #start()}. */
    public void listen(PipelineSpecListener listener) {
        listeners.add(listener);
    }

    @Override
    protected void round() {
        if (startupEnds == null) {
            startupEnds = assignAll();
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            apply(record);
        }
        if (!catalog.isCaughtUp() && reached(startupEnds)) {
            catalog.markCaughtUp();
            listeners.forEach(PipelineSpecListener::caughtUp);
            LOG.infof("control and status topics read: %d model(s), %d pipeline(s)",
                    catalog.modelNames().size(), catalog.pipelineNames().size());
        }
    }

    private Map<TopicPartition, Long> assignAll() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.controlModels(), topics.controlPipelines(), topics.statusModels(),
                topics.statusPipelines())) {
            var infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist yet");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer.endOffsets(partitions, METADATA_TIMEOUT);
    }

    private void applyPipeline(ConsumerRecord<byte[], byte[]> record, String key) {
        if (record.value() == null) {
            catalog.removePipeline(key);
            listeners.forEach(listener -> listener.pipelineDeleted(key, record.timestamp()));
            return;
        }
        Pipeline pipeline;
        try {
            pipeline = Pipeline.fromControlRecord(record.key(), record.value());
        } catch (InvalidSpecException e) {
            listeners.forEach(listener -> listener.pipelineRejected(key, e.getMessage(), record.timestamp()));
            throw e;
        }
        long version = PipelineVersions.of(record.headers(), record.offset());
        catalog.putPipeline(pipeline, version);
        listeners.forEach(listener -> listener.pipelineSpec(pipeline, version, record.timestamp()));
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), METADATA_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try {
            if (topic.equals(topics.controlModels())) {
                if (record.value() == null) {
                    catalog.removeModel(key);
                } else {
                    catalog.putModel(Model.fromControlRecord(record.key(), record.value()));
                }
            } else if (topic.equals(topics.controlPipelines())) {
                applyPipeline(record, key);
            } else if (topic.equals(topics.statusModels())) {
                ModelStatusKey statusKey = ModelStatusKey.parse(key);
                if (record.value() == null) {
                    catalog.removeModelStatus(statusKey);
                } else {
                    catalog.putModelStatus(statusKey, ModelStatus.parse(record.value()));
                }
            } else if (topic.equals(topics.statusPipelines())) {
                if (record.value() == null) {
                    catalog.removePipelineStatus(key);
                } else {
                    catalog.putPipelineStatus(key, PipelineStatus.parse(record.value()));
                }
            }
        } catch (InvalidSpecException | IllegalArgumentException e) {
            // Someone wrote a record we cannot use; the rest of the topic still counts.
            LOG.warnf("ignoring record '%s' at %s-%d offset %d: %s", key, topic, record.partition(), record.offset(),
                    e.getMessage());
        }
    }

}
