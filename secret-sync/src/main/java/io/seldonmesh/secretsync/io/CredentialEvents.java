package io.seldonmesh.secretsync.io;

import io.seldonmesh.common.kafka.CompactedTopicReader;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicPlan;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.TopicSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.common.status.CredentialEvent;
import io.seldonmesh.secretsync.core.CredentialChanges;
import io.seldonmesh.secretsync.core.HeldSource;
import io.seldonmesh.secretsync.core.ReplicatedSource;
import io.seldonmesh.secretsync.core.SourceRef;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes credential events on {@code <prefix>.<namespace>.control.credentials}, keyed by Secret name, value the
 * {@link CredentialEvent} JSON: never secret material. Sending runs on its own thread, so a Kafka outage never
 * holds up replication; events not yet acknowledged are kept (the newest per Secret, as compaction would) and
 * sent again with backoff until the broker takes them. After a failure the producer is replaced, because a Kafka
 * client whose first SASL login failed never recovers (e.g. credentials mounted a moment after start-up).
 *
 * <p>Nothing is sent before the topic has been read up to where it ended at start-up: what it says then is what
 * the events are computed against, so a source deleted while secret-sync was down gets its DELETED record (on a
 * compacted topic its ADDED would otherwise stay forever), and an unchanged source is not announced again.
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
    private final String sourceNamespace;
    private final ScheduledExecutorService executor;
    private final Consumer<String> outcomes;
    private final CredentialChanges changes = new CredentialChanges();
    private final Map<SourceRef, CredentialEvent> pending = new LinkedHashMap<>();
    private final Set<CredentialEvent> inFlight = new HashSet<>();
    private CompactedTopicReader topicReader;
    private boolean topicRead;
    private List<ReplicatedSource> replicatedBeforeTopicRead;
    private List<HeldSource> heldBeforeTopicRead;
    private Producer<String, byte[]> producer;
    private boolean retryScheduled;
    private int consecutiveFailures;
    private String problem = "";

    /**
     * @param sourceNamespace records of the topic about Secrets of other namespaces are not secret-sync's to correct
     * @param outcomes told "sent" or "failed" for every event, for the metrics
     */
    public CredentialEvents(KafkaClientFactory kafka, TopicNames topics, TopicSettings topicSettings, Duration timeout,
                            String sourceNamespace, Consumer<String> outcomes) {
        this.kafka = kafka;
        this.topics = topics;
        this.topicSettings = topicSettings;
        this.timeout = timeout;
        this.topic = topics.controlCredentials();
        this.sourceNamespace = sourceNamespace;
        this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("secret-sync-kafka"));
        this.outcomes = outcomes;
    }

    /**
     * Makes sure the topic exists (compacted) and reads what it says, in the background; readiness stays down until
     * it has been read.
     */
    public void start() {
        CompactedTopicReader reader = new CompactedTopicReader("credentials topic", List.of(topic),
                kafka.consumerWithoutGroup(new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                        Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "secret-sync-credentials-reader")),
                new AnnouncedOnTopic(), new KafkaErrorExplainer(kafka.settings()), this::provisionTopic);
        synchronized (this) {
            topicReader = reader;
        }
        reader.start();
    }

    /**
     * Queues the events that make the topic match the sources of the latest reconciliation and sends them in the
     * background; until the topic has been read only the latest sources are kept.
     */
    public synchronized void publish(List<ReplicatedSource> replicated, List<HeldSource> held) {
        if (!topicRead) {
            replicatedBeforeTopicRead = replicated;
            heldBeforeTopicRead = held;
            return;
        }
        queue(replicated, held);
    }

    /** Empty while the topic has been read and the latest send succeeded; otherwise why not. */
    public String problem() {
        CompactedTopicReader reader;
        synchronized (this) {
            if (topicRead) {
                return problem;
            }
            reader = topicReader;
        }
        return reader == null ? "the credentials topic has not been read yet"
                : reader.problem().orElse("still reading the credentials topic");
    }

    public synchronized int pendingEvents() {
        return pending.size();
    }

    /** Stops sending; events not yet acknowledged are dropped (the next start computes them again from the topic). */
    @Override
    public void close() {
        executor.shutdownNow();
        Producer<String, byte[]> closing;
        CompactedTopicReader reader;
        synchronized (this) {
            closing = producer;
            producer = null;
            reader = topicReader;
            topicReader = null;
        }
        if (reader != null) {
            reader.close();
        }
        // outside the lock: closing waits for the producer's thread, which may be in a callback waiting for the lock
        if (closing != null) {
            closing.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void queue(List<ReplicatedSource> replicated, List<HeldSource> held) {
        for (CredentialEvent event : changes.next(replicated, held)) {
            pending.put(new SourceRef(event.namespace(), event.name()), event);
        }
        if (!pending.isEmpty()) {
            executor.execute(this::flush);
        }
    }

    private void flush() {
        List<CredentialEvent> toSend = new ArrayList<>();
        Producer<String, byte[]> sender;
        synchronized (this) {
            retryScheduled = false;
            if (!topicRead) {
                return;
            }
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

    /** Run by the reader before it looks the topic up, and again after each failure until it succeeds. */
    private void provisionTopic() {
        try (Admin admin = kafka.admin(Map.of())) {
            new TopicProvisioner(admin, topics, topicSettings, timeout).ensure(List.of(TopicPlan.compacted(topic)))
                    .warnings().forEach(warning -> LOG.warnf("%s", warning));
        }
    }

    /** What the topic says about each source of the source namespace, read once at start-up. */
    private final class AnnouncedOnTopic implements CompactedTopicReader.Records {

        @Override
        public void apply(ConsumerRecord<byte[], byte[]> record) {
            CredentialEvent event = record.value() == null
                    ? new CredentialEvent(sourceNamespace, new String(record.key(), StandardCharsets.UTF_8), null, null,
                            CredentialEvent.Change.DELETED)
                    : CredentialEvent.parse(record.value());
            if (event.namespace().equals(sourceNamespace)) {
                synchronized (CredentialEvents.this) {
                    changes.remember(event);
                }
            }
        }

        @Override
        public void caughtUp() {
            synchronized (CredentialEvents.this) {
                topicRead = true;
                if (replicatedBeforeTopicRead != null) {
                    queue(replicatedBeforeTopicRead, heldBeforeTopicRead);
                }
            }
            LOG.infof("read %s up to its end at start-up; credential events go there", topic);
            // what the topic said is known now; the reader cannot close itself from its own thread
            executor.execute(() -> {
                CompactedTopicReader reader;
                synchronized (CredentialEvents.this) {
                    reader = topicReader;
                    topicReader = null;
                }
                if (reader != null) {
                    reader.close();
                }
            });
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
