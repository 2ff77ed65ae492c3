package io.seldonmesh.modelfetcher.io;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.jboss.logging.Logger;

import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;

/**
 * Publishes model status records, keyed {@code <model>/<replica>}, and waits for each to be
 * acknowledged: the gateways act on them, and a state must not overtake the one before it.
 */
public final class StatusPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String replica;
    private final Duration timeout;
    private final KafkaErrorExplainer explainer;

    public StatusPublisher(Producer<byte[], byte[]> producer, String topic, String replica, Duration timeout,
                           KafkaErrorExplainer explainer) {
        this.producer = producer;
        this.topic = topic;
        this.replica = replica;
        this.timeout = timeout;
        this.explainer = explainer;
    }

    public void publish(String model, ModelStatus status) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, new ModelStatusKey(model, replica).toBytes(),
                status.toJson());
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("model %s: %s%s", model, status.state(), status.reason() == null ? "" : " (" + status.reason() + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException("model " + model + ": status " + status.state() + " not published to " + topic
                    + ": " + explainer.explain(e.getCause(), AclOperation.WRITE, topic), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("model " + model + ": status " + status.state() + " not acknowledged by Kafka"
                    + " within " + timeout.toSeconds() + " s on " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the status of model " + model, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
