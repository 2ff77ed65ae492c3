package io.seldonmesh.pipelinegateway.io;

import io.seldonmesh.common.kafka.RecordSize;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.PipelineVersions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Declares models and pipelines: creates their topics, writes the spec (or a tombstone) to the compacted
 * control topic, waits for Kafka's acknowledgement, and updates this replica's catalog at once so a GET
 * right after a PUT sees it. Blocking: call from a worker thread.
 */
public final class SpecPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final Producer<byte[], byte[]> producer;
    private final TopicNames names;
    private final TopicProvisioner provisioner;
    private final Catalog catalog;
    private final KafkaErrorExplainer explainer;
    private final long maxRecordBytes;

    /** @param maxRecordBytes {@code KAFKA_MESSAGE_MAX_BYTES}, the producer's own limit */
    public SpecPublisher(Producer<byte[], byte[]> producer, TopicNames names, TopicProvisioner provisioner,
                         Catalog catalog, KafkaErrorExplainer explainer, long maxRecordBytes) {
        this.producer = producer;
        this.maxRecordBytes = maxRecordBytes;
        this.names = names;
        this.provisioner = provisioner;
        this.catalog = catalog;
        this.explainer = explainer;
    }

    /**
     * @throws SpecTooLargeException when the spec is larger than a Kafka record may be
     * @throws ControlWriteException when Kafka did not take the spec or the topics could not be created
     */
    public void publish(Model model) {
        write(() -> provisioner.ensureModel(model.name()), names.controlModels(), model.name(), model.specJson(),
                new RecordHeaders());
        catalog.putModel(model);
    }

    /**
     * Writes the spec with its version in {@code x-pipeline-version}: the current one when the spec did not change (a
     * custom resource applied again), else one more, as Seldon numbers a pipeline's versions.
     */
    public void publish(Pipeline pipeline) {
        long version = PipelineVersions.next(catalog.pipeline(pipeline.name()),
                catalog.pipelineVersion(pipeline.name()), pipeline);
        Headers headers = new RecordHeaders();
        SeldonHeaders.put(headers, SeldonHeaders.PIPELINE_VERSION, Long.toString(version));
        write(() -> provisioner.ensurePipeline(pipeline.name()), names.controlPipelines(), pipeline.name(),
                pipeline.specJson(), headers);
        catalog.putPipeline(pipeline, version);
    }

    public void deleteModel(String name) {
        write(() -> { }, names.controlModels(), name, null, new RecordHeaders());
        catalog.removeModel(name);
    }

    public void deletePipeline(String name) {
        write(() -> { }, names.controlPipelines(), name, null, new RecordHeaders());
        catalog.removePipeline(name);
    }

    private void write(Runnable topicsFirst, String topic, String name, byte[] spec, Headers headers) {
        String action = (spec == null ? "deleting '" : "writing the spec of '") + name + "' on " + topic;
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        int size = RecordSize.of(key, spec, headers);
        if (size > maxRecordBytes) {
            throw new SpecTooLargeException("the spec of '" + name + "' is " + size + " bytes as a Kafka record, more"
                    + " than KAFKA_MESSAGE_MAX_BYTES = " + maxRecordBytes + " bytes allows on " + topic + ": make the"
                    + " spec smaller (large parameters belong in the model's storage), or raise KAFKA_MESSAGE_MAX_BYTES"
                    + " and the topic's max.message.bytes");
        }
        try {
            topicsFirst.run();
            producer.send(new ProducerRecord<>(topic, null, key, spec, headers))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new SpecTooLargeException("Kafka refused " + action + ": the record is " + size + " bytes, more"
                        + " than the topic's max.message.bytes (or the broker's message.max.bytes) allows; make the"
                        + " spec smaller, or raise the topic's max.message.bytes to KAFKA_MESSAGE_MAX_BYTES ("
                        + maxRecordBytes + ")");
            }
            throw new ControlWriteException("Kafka refused " + action + ": "
                    + explainer.explain(e.getCause(), AclOperation.WRITE, topic), e.getCause());
        } catch (TimeoutException e) {
            throw new ControlWriteException("Kafka did not acknowledge " + action + " within "
                    + ACK_TIMEOUT.toSeconds() + " s; check that the brokers are reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlWriteException("interrupted while " + action, e);
        } catch (RuntimeException e) {
            throw new ControlWriteException("could not prepare the topics before " + action + ": " + e.getMessage(), e);
        }
    }
}
