package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.modelgateway.core.ModelCatalog;
import io.seldonmesh.modelgateway.core.ModelRoute;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows {@code <p>.<ns>.status.models} and {@code <p>.<ns>.control.models} from their beginning (they are
 * compacted: the latest record per key is the current state) without a consumer group, so every gateway replica
 * sees every model. Once it has read up to the end offsets seen at start it is caught up, and from then on every
 * change of the served models goes to the consumer pool: a model that becomes Available is subscribed (its topics
 * created first if missing), one that is Unloaded or deleted is unsubscribed.
 */
final class ModelStatusListener implements Runnable {

    private static final Logger LOG = Logger.getLogger(ModelStatusListener.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final TopicNames topics;
    private final Supplier<ModelCatalog> catalogs;
    private final ConsumerPool pool;
    private final java.util.function.Consumer<String> prepareModel;
    private final Runnable prepareShared;
    private final Thread thread = new Thread(this, "model-status-listener");
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile String problem = "not connected to Kafka yet";
    private Set<String> lastUnroutable = Set.of();

    /**
     * @param prepareShared run before reading (creates the status and control topics when missing); may throw
     * @param prepareModel  run before a model is first served (creates its topics); must not throw
     */
    ModelStatusListener(Supplier<Consumer<byte[], byte[]>> consumers, TopicNames topics,
                        Supplier<ModelCatalog> catalogs, ConsumerPool pool, Runnable prepareShared,
                        java.util.function.Consumer<String> prepareModel) {
        this.consumers = consumers;
        this.topics = topics;
        this.catalogs = catalogs;
        this.pool = pool;
        this.prepareShared = prepareShared;
        this.prepareModel = prepareModel;
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the model status read at start is applied: before that the gateway does not know what to serve. */
    boolean caughtUp() {
        return caughtUp;
    }

    /** Why the listener is not following the topics, or null. */
    String problem() {
        return problem;
    }

    @Override
    public void run() {
        Map<String, ModelRoute> served = Map.of();
        while (running) {
            try (Consumer<byte[], byte[]> created = consumers.get()) {
                consumer = created;
                if (!running) {
                    return;
                }
                prepareShared.run();
                List<TopicPartition> partitions = partitions(created);
                created.assign(partitions);
                created.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = created.endOffsets(partitions);
                ModelCatalog catalog = catalogs.get();
                caughtUp = false;
                problem = null;
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = created.poll(POLL);
                    records.forEach(record -> apply(catalog, record));
                    boolean justCaughtUp = !caughtUp && end.entrySet().stream()
                            .allMatch(e -> created.position(e.getKey()) >= e.getValue());
                    if (justCaughtUp || (caughtUp && !records.isEmpty())) {
                        served = publish(catalog, served);
                    }
                    if (justCaughtUp) {
                        caughtUp = true;
                        LOG.infof("model status read up to the end of %s: serving %s", topics.statusModels(),
                                served.keySet());
                    }
                }
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                problem = "cannot follow " + topics.statusModels() + ": " + e;
                LOG.errorf("%s; trying again in %d s", problem, RETRY_PAUSE.toSeconds());
                LockSupport.parkNanos(RETRY_PAUSE.toNanos());
            }
        }
    }

    private List<TopicPartition> partitions(Consumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.statusModels(), topics.controlModels())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist; it is created by the first Seldon"
                        + " Mesh service that starts, or by KAFKA_TOPICS_* provisioning");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    private void apply(ModelCatalog catalog, ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try {
            if (record.topic().equals(topics.statusModels())) {
                ModelStatus status = record.value() == null ? null : ModelStatus.parse(record.value());
                catalog.status(ModelStatusKey.parse(key), status);
            } else if (key != null) {
                catalog.spec(key, record.value() == null);
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping record %s-%d offset %d (key %s): %s", record.topic(), record.partition(),
                    record.offset(), key, e.getMessage());
        }
    }

    private Map<String, ModelRoute> publish(ModelCatalog catalog, Map<String, ModelRoute> before) {
        Map<String, ModelRoute> now = catalog.routes();
        warnUnroutable(catalog.unroutable());
        if (now.equals(before) && caughtUp) {
            return before;
        }
        Set<String> added = new TreeSet<>(now.keySet());
        added.removeAll(before.keySet());
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(now.keySet());
        added.forEach(prepareModel);
        pool.serve(now);
        Set<String> changed = new HashSet<>(now.keySet());
        changed.removeIf(model -> added.contains(model) || now.get(model).equals(before.get(model)));
        if (!added.isEmpty() || !removed.isEmpty() || !changed.isEmpty()) {
            LOG.infof("serving %s (added %s, removed %s, new addresses for %s)", now.values(), added, removed, changed);
        }
        return now;
    }

    private void warnUnroutable(Set<String> unroutable) {
        if (!unroutable.isEmpty() && !unroutable.equals(lastUnroutable)) {
            LOG.warnf("models %s are Available but their status names no address to call; their requests wait on"
                    + " Kafka: set MODEL_SERVER_URL or publish endpoints in their status", unroutable);
        }
        lastUnroutable = unroutable;
    }
}
