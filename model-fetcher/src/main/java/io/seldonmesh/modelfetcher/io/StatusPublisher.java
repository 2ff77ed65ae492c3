package io.seldonmesh.modelfetcher.io;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.jboss.logging.Logger;

import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;

/**
 * Publishes model status records, keyed {@code <model>/<replica>}, waiting for each to be
 * acknowledged: the gateways act on them, and a state must not overtake the one before it. A
 * record Kafka did not take is kept and sent again every few seconds until it is, unless a newer
 * state of the same model replaces it: a model must not stay "Loading" to the gateways because
 * the broker was away when it became Available.
 */
public final class StatusPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String replica;
    private final Duration timeout;
    private final KafkaErrorExplainer explainer;
    // Concurrent so that problem() (readiness) never waits behind a send blocked on Kafka's acknowledgement.
    private final Map<String, ModelStatus> unsent = new ConcurrentHashMap<>();
    private final Map<String, ModelStatus> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService resender;
    private volatile String lastFailure = "";

    /**
     * @param timeout     how long one record may wait for Kafka's acknowledgement
     * @param resendEvery how often records Kafka did not take are tried again
     */
    public StatusPublisher(Producer<byte[], byte[]> producer, String topic, String replica, Duration timeout,
                           Duration resendEvery, KafkaErrorExplainer explainer) {
        this.producer = producer;
        this.topic = topic;
        this.replica = replica;
        this.timeout = timeout;
        this.explainer = explainer;
        this.resender = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("model-fetcher-status-resend"));
        resender.scheduleWithFixedDelay(this::resend, resendEvery.toMillis(), resendEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void publish(String model, ModelStatus status) {
        latest.put(model, status);
        unsent.remove(model);
        if (!send(model, status)) {
            unsent.put(model, status);
        }
    }

    /** What this replica last said about the model since it started, sent or still waiting to be. */
    public Optional<ModelStatus> latest(String model) {
        return Optional.ofNullable(latest.get(model));
    }

    /** Why some status records are still waiting for Kafka; empty when none are. */
    public Optional<String> problem() {
        List<String> models = List.copyOf(unsent.keySet());
        return models.isEmpty() ? Optional.empty()
                : Optional.of(models.size() + " model status record(s) not yet accepted by Kafka, e.g. " + models.get(0)
                        + ": " + lastFailure);
    }

    private synchronized void resend() {
        unsent.entrySet().removeIf(entry -> send(entry.getKey(), entry.getValue()));
    }

    private boolean send(String model, ModelStatus status) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, new ModelStatusKey(model, replica).toBytes(),
                status.toJson());
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("model %s: %s%s", model, status.state(), status.reason() == null ? "" : " (" + status.reason() + ")");
            return true;
        } catch (ExecutionException e) {
            lastFailure = explainer.explain(e.getCause(), AclOperation.WRITE, topic);
        } catch (TimeoutException e) {
            lastFailure = "not acknowledged by Kafka within " + timeout.toMillis() + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastFailure = "interrupted";
        }
        LOG.errorf("model %s: status %s not published to %s, will retry: %s", model, status.state(), topic, lastFailure);
        return false;
    }

    @Override
    public void close() {
        resender.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
