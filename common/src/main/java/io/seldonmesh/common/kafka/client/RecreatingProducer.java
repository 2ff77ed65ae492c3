package io.seldonmesh.common.kafka.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.jboss.logging.Logger;

/**
 * A non-transactional producer that replaces its Kafka producer when that one can never send again.
 *
 * <p>Kafka's idempotent producer asks the broker for a producer id as soon as it is made, before any record. When
 * that request fails because the login failed (wrong password, certificate or token: an {@link AuthenticationException})
 * or the id was refused ({@link ClusterAuthorizationException}), the producer enters a fatal state: once the credential
 * is fixed its connections log in again, but every record it is given expires unsent, reported as a timeout. So the
 * Kafka producer is made at the first send (a service that starts before its credential is right has made none yet),
 * and one that has not had a record acknowledged is replaced when a send or a metadata request fails that way: it is
 * closed (its records not yet sent fail to their callers, as they would have anyway), one line is logged naming the
 * cause, and a new one is made at the next send after a backoff of 1 s doubling to 15 s. During the backoff a send
 * fails at once, naming the cause. A producer that has sent before survives failed logins of later connections and is
 * kept.
 *
 * <p>Every record's failure reaches its caller as a plain producer's would: through the callback and the future.
 */
public final class RecreatingProducer<K, V> implements Producer<K, V> {

    private static final Logger LOG = Logger.getLogger(RecreatingProducer.class);
    private static final Duration BACKOFF_INITIAL = Duration.ofSeconds(1);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(15);

    private final Supplier<Producer<K, V>> producers;
    private final String name;
    private final KafkaErrorExplainer explainer;
    private Generation<K, V> current;
    private long nextAttemptNanos;
    private int consecutiveReplacements;
    private Exception replacedFor;
    private boolean closed;

    /**
     * @param producers makes a new Kafka producer; its serializers must survive the previous producer's close (Kafka's
     *     own serializers do)
     * @param name      for the log: the producer's {@code client.id} or what it is for
     */
    RecreatingProducer(Supplier<Producer<K, V>> producers, String name, KafkaErrorExplainer explainer) {
        this.producers = producers;
        this.name = name;
        this.explainer = explainer;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        Generation<K, V> generation;
        try {
            generation = generation();
        } catch (KafkaException waiting) {
            if (callback != null) {
                callback.onCompletion(null, waiting);
            }
            return CompletableFuture.failedFuture(waiting);
        }
        try {
            return generation.producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged(generation);
                } else {
                    retireIfUnusable(generation, error);
                }
                if (callback != null) {
                    callback.onCompletion(metadata, error);
                }
            });
        } catch (RuntimeException refused) {
            retireIfUnusable(generation, refused);
            throw refused;
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        Generation<K, V> generation = generation();
        try {
            return generation.producer.partitionsFor(topic);
        } catch (RuntimeException refused) {
            retireIfUnusable(generation, refused);
            throw refused;
        }
    }

    @Override
    public void flush() {
        Generation<K, V> generation = existing();
        if (generation != null) {
            generation.producer.flush();
        }
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        Generation<K, V> generation = existing();
        return generation == null ? Map.of() : generation.producer.metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return generation().producer.clientInstanceId(timeout);
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        generation().producer.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        Generation<K, V> generation = existing();
        if (generation != null) {
            generation.producer.unregisterMetricFromSubscription(metric);
        }
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Override
    public void close(Duration timeout) {
        Generation<K, V> closing;
        synchronized (this) {
            closed = true;
            closing = current;
            current = null;
        }
        // outside the lock: closing waits for the producer's thread, whose callbacks take the lock
        if (closing != null) {
            closing.producer.close(timeout);
        }
    }

    @Override
    public void initTransactions() {
        throw notTransactional();
    }

    @Override
    public void beginTransaction() {
        throw notTransactional();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        throw notTransactional();
    }

    @Override
    public void commitTransaction() {
        throw notTransactional();
    }

    @Override
    public void abortTransaction() {
        throw notTransactional();
    }

    private synchronized Generation<K, V> existing() {
        return current;
    }

    /** The producer to use now, made if the previous one was discarded and the backoff is over. */
    private synchronized Generation<K, V> generation() {
        if (closed) {
            throw new IllegalStateException("producer " + name + " is closed");
        }
        if (current == null) {
            long waitNanos = nextAttemptNanos - System.nanoTime();
            if (waitNanos > 0) {
                throw new KafkaException("Kafka producer " + name + " is being recreated (in "
                        + Duration.ofNanos(waitNanos).toMillis() + " ms) after: "
                        + explainer.explain(replacedFor, AclOperation.WRITE), replacedFor);
            }
            current = new Generation<>(producers.get(), consecutiveReplacements > 0);
        }
        return current;
    }

    private void acknowledged(Generation<K, V> generation) {
        boolean recovered;
        synchronized (this) {
            recovered = generation.replacement && !generation.acknowledged;
            generation.acknowledged = true;
            if (current == generation) {
                consecutiveReplacements = 0;
            }
        }
        if (recovered) {
            LOG.infof("Kafka producer %s: its new producer sends again", name);
        }
    }

    private void retireIfUnusable(Generation<K, V> generation, Exception cause) {
        long delayMillis;
        synchronized (this) {
            if (refusedProducerId(cause)) {
                generation.loginFailed = true;
            }
            if (current != generation || generation.acknowledged || !generation.loginFailed) {
                return;
            }
            current = null;
            delayMillis = Math.min(BACKOFF_MAX.toMillis(),
                    BACKOFF_INITIAL.toMillis() << Math.min(consecutiveReplacements, 10));
            consecutiveReplacements++;
            nextAttemptNanos = System.nanoTime() + delayMillis * 1_000_000;
            replacedFor = cause;
        }
        LOG.warnf("Kafka producer %s cannot send any more, because its login or producer id request failed before it"
                + " sent anything: %s; recreating it in %d ms", name, explainer.explain(cause, AclOperation.WRITE),
                delayMillis);
        // possibly on the producer's own thread, where a blocking close would wait for itself
        generation.producer.close(Duration.ZERO);
    }

    /** What makes Kafka's idempotent producer fail for good when it happens before its producer id is known. */
    private static boolean refusedProducerId(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException || cause instanceof ClusterAuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private static UnsupportedOperationException notTransactional() {
        return new UnsupportedOperationException("a recreating producer is not transactional: a transaction cannot "
                + "outlive the producer it was opened with");
    }

    private static final class Generation<K, V> {
        final Producer<K, V> producer;
        final boolean replacement;
        volatile boolean acknowledged;
        volatile boolean loginFailed;

        Generation(Producer<K, V> producer, boolean replacement) {
            this.producer = producer;
            this.replacement = replacement;
        }
    }
}
