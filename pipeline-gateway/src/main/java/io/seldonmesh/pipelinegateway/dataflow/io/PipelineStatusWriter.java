package io.seldonmesh.pipelinegateway.dataflow.io;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.common.status.PipelineStatus;
import io.seldonmesh.pipelinegateway.core.Catalog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Writes a pipeline's state to the compacted {@code status.pipelines} topic (keyed by pipeline name, read by every
 * gateway for readiness) and logs one line per change. Several dataflow replicas run the same versions and reach the
 * same states; a state the topic already holds is not written again.
 */
final class PipelineStatusWriter {

    private static final Logger LOG = Logger.getLogger(PipelineStatusWriter.class);

    private final Producer<byte[], byte[]> producer;
    private final TopicNames names;
    private final Catalog catalog;

    PipelineStatusWriter(Producer<byte[], byte[]> producer, TopicNames names, Catalog catalog) {
        this.producer = producer;
        this.names = names;
        this.catalog = catalog;
    }

    void write(String pipeline, PipelineState state, Long version, String reason) {
        Optional<PipelineStatus> current = catalog.pipelineStatus(pipeline);
        if (current.isPresent() && current.get().state() == state && Objects.equals(current.get().version(), version)
                && Objects.equals(current.get().reason(), reason)) {
            return;
        }
        PipelineStatus status = new PipelineStatus(state, reason, Instant.now(), version);
        catalog.putPipelineStatus(pipeline, status);
        LOG.infof("pipeline '%s'%s: %s%s", pipeline, version == null ? "" : " version " + version,
                state.name().toLowerCase(Locale.ROOT), reason == null ? "" : " (" + reason + ")");
        producer.send(new ProducerRecord<>(names.statusPipelines(), pipeline.getBytes(StandardCharsets.UTF_8),
                status.toJson()), (metadata, error) -> {
                    if (error != null) {
                        LOG.errorf("the status of pipeline '%s' could not be written to %s: %s", pipeline,
                                names.statusPipelines(), error.getMessage());
                    }
                });
    }
}
