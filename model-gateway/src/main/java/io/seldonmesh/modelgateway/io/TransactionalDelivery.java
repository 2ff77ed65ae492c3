package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.modelgateway.api.GatewayMetrics;
import io.seldonmesh.modelgateway.core.GatewaySettings;
import io.seldonmesh.modelgateway.core.OutputRecords;
import io.seldonmesh.modelgateway.core.PartitionLane;
import io.seldonmesh.modelgateway.core.RefusedSizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * Exactly-once for one consumer, with Kafka transactions (consume-transform-produce). The consumer's lanes release
 * answers into a queue; the consumer's thread sends them with this consumer's own transactional producer and, every
 * commit interval, adds to the transaction the input offsets just past the answers sent, then commits it. Outputs,
 * error records and input offsets become visible together or not at all, so a {@code read_committed} reader sees every
 * request answered exactly once, whatever kills the gateway.
 *
 * <p>Sending from the consumer's thread rather than from the threads that receive model replies is what keeps this
 * simple: the thread that commits knows exactly which answers are in the open transaction, so it never commits an
 * offset past an answer that is not in it, and no lock has to hold senders back while a commit runs.
 *
 * <p>The producer's {@code transactional.id} is the consumer group's plus this replica's id: a restarted replica
 * fences its previous producer and aborts the transaction that one left open at once; {@code
 * sendOffsetsToTransaction} with the consumer's group metadata fences a consumer that lost its partitions (KIP-447).
 * Any failure of a transaction — a send refused, a commit failing, the producer fenced, partitions lost — aborts it
 * when still possible; the consumer then restarts from the last committed offsets with a new producer, and the
 * requests of the aborted transaction are read and answered again.
 *
 * <p>A record refused inside a transaction fails the whole transaction, so each answer is checked before it is sent
 * against the producer's {@code max.request.size} and the topic's {@code max.message.bytes} (and below any size the
 * topic refused before), and replaced by {@link TooLargeAnswers} when it does not fit.
 */
final class TransactionalDelivery implements Delivery, Outlet {

    private static final Logger LOG = Logger.getLogger(TransactionalDelivery.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String groupId;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final OutputRecords outputs;
    private final TooLargeAnswers tooLarge;
    private final BrokerLimits limits;
    private final RefusedSizes refusedSizes;
    private final GatewayMetrics metrics;
    private final GatewayMetrics.TransactionMeters transactions;
    private final KafkaErrorExplainer explainer;
    private final PartitionCounts partitions = new PartitionCounts(this::partitionsFor);
    private final ConcurrentLinkedQueue<Answer> released = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final AtomicReference<String> problem = new AtomicReference<>();
    /** Per input partition, the offset just past the last answer sent in the open transaction. */
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    /** The answers in the open transaction, counted in the metrics once it commits. */
    private final List<Answer> uncommitted = new ArrayList<>();
    private volatile Producer<byte[], byte[]> producer;
    private Consumer<byte[], byte[]> consumer;
    /** The problem the last failed start reported, cleared by the next start that succeeds. */
    private String startProblem;

    /**
     * @param producers makes a producer with this consumer's {@code transactional.id}
     */
    TransactionalDelivery(String groupId, Supplier<Producer<byte[], byte[]>> producers, OutputRecords outputs,
                          TooLargeAnswers tooLarge, BrokerLimits limits, RefusedSizes refusedSizes,
                          GatewayMetrics metrics, KafkaErrorExplainer explainer) {
        this.groupId = groupId;
        this.producers = producers;
        this.outputs = outputs;
        this.tooLarge = tooLarge;
        this.limits = limits;
        this.refusedSizes = refusedSizes;
        this.metrics = metrics;
        this.transactions = metrics.transactions(groupId);
        this.explainer = explainer;
    }

    @Override
    public Outlet outlet() {
        return this;
    }

    @Override
    public boolean sendsOnConsumerThread() {
        return true;
    }

    @Override
    public Integer partition(String topic, int requestPartition) {
        return partitions.samePartition(topic, requestPartition);
    }

    @Override
    public void send(Answer answer) {
        released.add(answer);
    }

    @Override
    public void knowTopic(String topic) {
        partitions.know(topic);
        limits.maxMessageBytes(topic);
    }

    /**
     * A new producer: {@code initTransactions} fences the previous producer with this transactional id (this
     * replica's before a restart) and aborts what it left open, so it comes before the consumer first polls.
     */
    @Override
    public void start(Consumer<byte[], byte[]> started) {
        Producer<byte[], byte[]> created = producers.get();
        try {
            created.initTransactions();
            created.beginTransaction();
        } catch (RuntimeException e) {
            startProblem = "consumer " + groupId + " cannot start transactions: " + explainer.explain(e, AclOperation.WRITE);
            problem.set(startProblem);
            created.close(Duration.ZERO);
            throw e;
        }
        problem.compareAndSet(startProblem, null);
        producer = created;
        consumer = started;
    }

    @Override
    public void pump() {
        if (producer == null) {
            return;
        }
        throwIfSendFailed();
        for (Answer answer = released.poll(); answer != null; answer = released.poll()) {
            if (answer.lane().isClosed()) {
                // The partition left this consumer: its next owner answers the request.
                metrics.model(answer.model()).abandoned();
                continue;
            }
            fitting(answer).ifPresent(this::sendInTransaction);
            ConsumerRecord<byte[], byte[]> request = answer.request();
            offsets.put(new TopicPartition(request.topic(), request.partition()),
                    new OffsetAndMetadata(request.offset() + 1));
        }
    }

    @Override
    public void commit(Map<TopicPartition, PartitionLane<Answer>> lanes) {
        if (producer == null) {
            return;
        }
        pump();
        if (offsets.isEmpty()) {
            return;
        }
        producer.sendOffsetsToTransaction(Map.copyOf(offsets), consumer.groupMetadata());
        producer.commitTransaction();
        offsets.clear();
        uncommitted.forEach(answer -> answer.count(metrics));
        uncommitted.clear();
        transactions.committed();
        problem.set(null);
        producer.beginTransaction();
    }

    @Override
    public void commitLeaving(Map<TopicPartition, PartitionLane<Answer>> lanes, Collection<TopicPartition> leaving) {
        // Offsets of all partitions go in one transaction: committing now is what makes the leaving ones final.
        commit(lanes);
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
        if (producer != null && !(offsets.isEmpty() && uncommitted.isEmpty())) {
            throw new IllegalStateException("consumer " + groupId + " lost partitions " + partitions + " while its"
                    + " transaction holds answers it may no longer commit: the transaction is aborted and the consumer"
                    + " starts again from the last commit");
        }
    }

    @Override
    public void failed() {
        boolean aborting = !(offsets.isEmpty() && uncommitted.isEmpty());
        for (Answer answer = released.poll(); answer != null; answer = released.poll()) {
            metrics.model(answer.model()).abandoned();
        }
        uncommitted.forEach(answer -> metrics.model(answer.model()).abandoned());
        uncommitted.clear();
        offsets.clear();
        Producer<byte[], byte[]> failing = producer;
        producer = null;
        consumer = null;
        if (failing == null) {
            return;
        }
        try {
            failing.abortTransaction();
        } catch (ProducerFencedException fenced) {
            LOG.warnf("consumer %s: its producer was fenced by a newer one with the same transactional.id, which aborts"
                    + " the open transaction; is %s set to the same value on two replicas?", groupId,
                    GatewaySettings.REPLICA_ID_VARIABLE);
        } catch (RuntimeException e) {
            LOG.warnf("consumer %s: could not abort the open transaction (%s); the broker aborts it when it times out,"
                    + " or the next producer with the same transactional.id does at once", groupId, e.toString());
        }
        if (aborting) {
            transactions.aborted();
        }
        failing.close(CLOSE_TIMEOUT);
        sendFailure.set(null);
    }

    @Override
    public void stopped() {
        Producer<byte[], byte[]> closing = producer;
        producer = null;
        consumer = null;
        if (closing != null) {
            // The last commit came before this; an empty open transaction is only known to this producer.
            closing.close(CLOSE_TIMEOUT);
        }
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem.get());
    }

    /**
     * The answer to send for {@code answer}: itself when its topic takes it, else its replacement; empty when not even
     * a bare error record fits, and a log line answers the request.
     */
    private Optional<Answer> fitting(Answer answer) {
        Answer current = answer;
        while (!outputs.fits(current.record(), limit(current.record().topic()))) {
            Optional<Answer> replacement = tooLarge.replacement(current,
                    partition(outputs.errorsTopic(), current.request().partition()));
            if (replacement.isEmpty()) {
                current.lane().acknowledged(current.request().offset());
                uncommitted.add(current);
                return Optional.empty();
            }
            current = replacement.get();
        }
        return Optional.of(current);
    }

    private OptionalLong limit(String topic) {
        return refusedSizes.limit(topic, limits.maxMessageBytes(topic));
    }

    private void sendInTransaction(Answer answer) {
        uncommitted.add(answer);
        producer.send(answer.record(), (metadata, error) -> {
            if (error == null) {
                answer.lane().acknowledged(answer.request().offset());
            } else {
                sendFailed(answer, error);
            }
        });
    }

    /** On the producer's I/O thread: the transaction cannot commit any more; the consumer's thread aborts it. */
    private void sendFailed(Answer answer, Exception error) {
        if (answer.lane().isClosed()) {
            // Aborted with the rest of its transaction, which failed for another reason.
            return;
        }
        if (error instanceof RecordTooLargeException) {
            refusedSizes.refused(answer.record().topic(), OutputRecords.size(answer.record()));
        }
        if (sendFailure.compareAndSet(null, error)) {
            String explained = explainer.explain(error, AclOperation.WRITE);
            problem.set("cannot write to topic " + answer.record().topic() + ": " + explained);
            LOG.errorf("model=%s request=%s: could not write the %s to %s (input %s-%d offset %d): %s; consumer %s"
                    + " aborts its transaction and reads the requests again from the last commit", answer.model(),
                    answer.requestId(), answer.isError() ? "error record" : "output", answer.record().topic(),
                    answer.request().topic(), answer.request().partition(), answer.request().offset(), explained,
                    groupId);
        }
    }

    private void throwIfSendFailed() {
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw new KafkaException("consumer " + groupId + ": an answer of the open transaction was not written",
                    failure);
        }
    }

    private List<PartitionInfo> partitionsFor(String topic) {
        Producer<byte[], byte[]> current = producer;
        if (current == null) {
            throw new KafkaException("consumer " + groupId + " is starting again");
        }
        try {
            return current.partitionsFor(topic);
        } catch (IllegalStateException closed) {
            throw new KafkaException("consumer " + groupId + " is starting again", closed);
        }
    }
}
