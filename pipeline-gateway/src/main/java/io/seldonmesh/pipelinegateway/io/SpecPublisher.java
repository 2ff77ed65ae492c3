package io.seldonmesh.pipelinegateway.io;

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

    public SpecPublisher(Producer<byte[], byte[]> producer, TopicNames names, TopicProvisioner provisioner,
                         Catalog catalog, KafkaErrorExplainer explainer) {
        this.producer = producer;
        this.names = names;
        this.provisioner = provisioner;
        this.catalog = catalog;
        this.explainer = explainer;
    }

    /** @throws ControlWriteException when Kafka did not take the spec or the topics could not be created */
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
        try {
            topicsFirst.run();
            producer.send(new ProducerRecord<>(topic, null, name.getBytes(StandardCharsets.UTF_8), spec, headers))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
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
