package io.seldonmesh.pipelinegateway.io;

import io.seldonmesh.common.kafka.CompactedTopicReader;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What the control and status topics mean to the gateway (common's {@link CompactedTopicReader} reads them, every
 * replica all of them): each record updates the {@link Catalog}, and every pipeline spec also goes to the
 * {@link PipelineSpecListener}s (the dataflow); the catalog is caught up once the reader is, so readiness is never
 * judged on half the history.
 */
final class CatalogRecords implements CompactedTopicReader.Records {

    private static final Logger LOG = Logger.getLogger(CatalogRecords.class);

    private final TopicNames topics;
    private final Catalog catalog;
    private final List<PipelineSpecListener> listeners = new CopyOnWriteArrayList<>();

    CatalogRecords(TopicNames topics, Catalog catalog) {
        this.topics = topics;
        this.catalog = catalog;
    }

    /** The topics this reads, in the order they are assigned. */
    List<String> topics() {
        return List.of(topics.controlModels(), topics.controlPipelines(), topics.statusModels(),
                topics.statusPipelines());
    }

    /** Tells {@code listener} of every pipeline spec record from the beginning; register before reading starts. */
    void listen(PipelineSpecListener listener) {
        listeners.add(listener);
    }

    @Override
    public void apply(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (topic.equals(topics.controlModels())) {
            if (record.value() == null) {
                catalog.removeModel(key);
            } else {
                catalog.putModel(Model.fromControlRecord(record.key(), record.value()));
            }
        } else if (topic.equals(topics.controlPipelines())) {
            applyPipeline(record, key);
        } else if (topic.equals(topics.statusModels())) {
            catalog.putModelStatus(ModelStatusKey.parse(key),
                    record.value() == null ? null : ModelStatus.parse(record.value()));
        } else if (topic.equals(topics.statusPipelines())) {
            if (record.value() == null) {
                catalog.removePipelineStatus(key);
            } else {
                catalog.putPipelineStatus(key, PipelineStatus.parse(record.value()));
            }
        }
    }

    @Override
    public void caughtUp() {
        catalog.markCaughtUp();
        listeners.forEach(PipelineSpecListener::caughtUp);
        LOG.infof("control and status topics read: %d model(s), %d pipeline(s)", catalog.modelNames().size(),
                catalog.pipelineNames().size());
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
}
