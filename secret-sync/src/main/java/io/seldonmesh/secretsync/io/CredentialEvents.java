package io.seldonmesh.secretsync.io;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicPlan;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.common.status.CredentialEvent;
import io.seldonmesh.secretsync.core.CredentialChanges;
import io.seldonmesh.secretsync.core.HeldSource;
import io.seldonmesh.secretsync.core.ReplicatedSource;
import io.seldonmesh.secretsync.core.SourceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes credential events on {@code <prefix>.<namespace>.control.credentials}, keyed by Secret name, value the
 * {@link CredentialEvent} JSON: never secret material. Sending runs on its own thread, so a Kafka outage never
 * holds up replication; events not yet acknowledged are kept (the newest per Secret, as compaction would) and
 * sent again with backoff until the broker takes them. After a failure the producer is replaced, because a Kafka
 * client whose first SASL login failed never recovers (e.g. credentials mounted a moment after start-up).
 */
public final class CredentialEvents implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CredentialEvents.class);
    private static final Duration RETRY_INITIAL = Duration.ofMillis(500);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private final KafkaClientFactory kafka;
    private final TopicNames topics;
    private final TopicSettings topicSettings;
    private final Duration timeout;
    private final String topic;
    private final ScheduledExecutorService executor;
    private final Consumer<String> outcomes;
    private final CredentialChanges changes = new CredentialChanges();
    private final Map<SourceRef, CredentialEvent> pending = new LinkedHashMap<>();
    private final Set<CredentialEvent> inFlight = new HashSet<>();
    private Producer<String, byte[]> producer;
    private boolean topicReady;
    private boolean retryScheduled;
    private int consecutiveFailures;
    private volatile String problem = "the credentials topic has not been checked yet";

    /**
     * @param outcomes told "sent" or "failed" for every event, for the metrics
     */
    public CredentialEvents(KafkaClientFactory kafka, TopicNames topics, TopicSettings topicSettings, Duration timeout,
                            Consumer<String> outcomes) {
        this.kafka = kafka;
        this.topics = topics;
        this.topicSettings = topicSettings;
        this.timeout = timeout;
        this.topic = topics.controlCredentials();
        this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("secret-sync-kafka"));
        this.outcomes = outcomes;
    }

    /** Makes sure the topic exists (compacted) in the background; readiness stays down until it does. */
    public void start() {
        executor.execute(this::flush);
    }

    /** Queues the events for what changed since the last call and sends them in the background. */
    public synchronized void publish(List<ReplicatedSource> replicated, List<HeldSource> held) {
        for (CredentialEvent event : changes.next(replicated, held)) {
            pending.put(new SourceRef(event.namespace(), event.name()), event);
        }
        if (!pending.isEmpty()) {
            executor.execute(this::flush);
        }
    }

    /** Empty while the topic exists and the latest send succeeded; otherwise why not. */
    public String problem() {
        return problem;
    }

    public synchronized int pendingEvents() {
        return pending.size();
    }

    /** Stops sending; events not yet acknowledged are dropped (after a restart every source is announced again). */
    @Override
    public void close() {
        executor.shutdownNow();
        Producer<String, byte[]> closing;
        synchronized (this) {
            closing = producer;
            producer = null;
        }
        // outside the lock: closing waits for the producer's thread, which may be in a callback waiting for the lock
        if (closing != null) {
            closing.close(Duration.ofSeconds(5));
        }
    }

    private void flush() {
        synchronized (this) {
            retryScheduled = false;
        }
        if (!ensureTopic()) {
            return;
        }
        List<CredentialEvent> toSend = new ArrayList<>();
        Producer<String, byte[]> sender;
        synchronized (this) {
            if (producer == null) {
                producer = kafka.producer(new StringSerializer(), new ByteArraySerializer(), Map.of(
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis(),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 3,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
            }
            sender = producer;
            for (CredentialEvent event : pending.values()) {
                if (inFlight.add(event)) {
                    toSend.add(event);
                }
            }
        }
        for (CredentialEvent event : toSend) {
            try {
                sender.send(new ProducerRecord<>(topic, event.name(), event.toJson()),
                        (metadata, error) -> acknowledged(event, error, sender));
            } catch (RuntimeException e) {
                acknowledged(event, e, sender);
            }
        }
    }

    private boolean ensureTopic() {
        synchronized (this) {
            if (topicReady) {
                return true;
            }
        }
        try (Admin admin = kafka.admin(Map.of())) {
            new TopicProvisioner(admin, topics, topicSettings, timeout).ensure(List.of(TopicPlan.compacted(topic)))
                    .warnings().forEach(warning -> LOG.warnf("%s", warning));
            synchronized (this) {
                topicReady = true;
                consecutiveFailures = 0;
                problem = "";
            }
            LOG.infof("credential events go to %s", topic);
            return true;
        } catch (RuntimeException e) {
            failed("cannot make sure topic " + topic + " exists: " + e.getMessage());
            return false;
        }
    }

    private void acknowledged(CredentialEvent event, Exception error, Producer<String, byte[]> sender) {
        synchronized (this) {
            inFlight.remove(event);
            if (error == null) {
                SourceRef ref = new SourceRef(event.namespace(), event.name());
                if (event.equals(pending.get(ref))) {
                    pending.remove(ref);
                }
                consecutiveFailures = 0;
                problem = "";
            }
        }
        if (error == null) {
            outcomes.accept("sent");
            LOG.infof("credential event %s %s/%s sha256=%s published", event.event(), event.namespace(), event.name(),
                    event.sha256() == null ? "-" : event.sha256().substring(0, 12) + "...");
        } else {
            outcomes.accept("failed");
            discard(sender);
            failed("credential event " + event.event() + " " + event.namespace() + "/" + event.name()
                    + " could not be published to " + topic + ": " + error.getClass().getSimpleName() + " " + error.getMessage());
        }
    }

    private void discard(Producer<String, byte[]> broken) {
        synchronized (this) {
            if (producer != broken) {
                return;
            }
            producer = null;
        }
        // from the producer's own callback thread a blocking close would wait for itself
        broken.close(Duration.ZERO);
    }

    private void failed(String message) {
        long delay;
        synchronized (this) {
            problem = message;
            consecutiveFailures++;
            if (retryScheduled) {
                return;
            }
            retryScheduled = true;
            delay = Math.min(RETRY_MAX.toMillis(), RETRY_INITIAL.toMillis() << Math.min(consecutiveFailures - 1, 10));
        }
        LOG.warnf("%s; trying again in %dms", message, delay);
        executor.schedule(this::flush, delay, TimeUnit.MILLISECONDS);
    }
}
