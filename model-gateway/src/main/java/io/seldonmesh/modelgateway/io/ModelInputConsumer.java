package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.modelgateway.api.GatewayMetrics;
import io.seldonmesh.modelgateway.core.Backpressure;
import io.seldonmesh.modelgateway.core.PartitionLane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One consumer of the pool: a Kafka consumer in group {@code seldon-modelgateway-<n>} reading the input topics of
 * the models that hash to it, on its own thread.
 *
 * <p>Each poll admits records to their partition's lane and starts relaying them; nothing waits for a model here.
 * The loop then lets its {@link Delivery} move answers on and commit what is safe, at most every
 * {@value #COMMIT_INTERVAL_MS} ms, and pauses the partitions {@link Backpressure} names. When partitions are revoked
 * (a rebalance, or a model unloaded) their requests in flight are given up to the drain timeout to be answered, the
 * last commit for them is made, and the lanes are closed; on a crash nothing is committed past an unanswered request,
 * so the next owner answers it.
 *
 * <p>An unexpected failure of the Kafka consumer (or, in exactly-once mode, of its transaction) closes it and starts
 * a new one after a pause; requests that were in flight are read again from the last commit.
 */
final class ModelInputConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(ModelInputConsumer.class);
    private static final long COMMIT_INTERVAL_MS = 100;
    private static final Duration POLL = Duration.ofMillis(100);
    /** While paused, look again soon: answers arrive without waking the consumer. */
    private static final Duration POLL_WHILE_PAUSED = Duration.ofMillis(1);
    /** Answers due that this thread sends (exactly-once) wait at most this long for it. */
    private static final Duration POLL_WHILE_SENDING = Duration.ofMillis(5);
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(2);
    private static final long LAG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String groupId;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Delivery delivery;
    private final RecordRelay relay;
    private final TopicNames topics;
    private final Backpressure backpressure;
    private final Duration drainTimeout;
    private final GatewayMetrics metrics;
    private final AtomicReference<Set<String>> wanted = new AtomicReference<>(Set.of());
    private final Map<TopicPartition, PartitionLane<Answer>> lanes = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private Set<String> subscribed = Set.of();
    private Set<TopicPartition> paused = Set.of();
    private boolean answersDue;
    private long lastCommitMillis;
    private long lastLagNanos;

    ModelInputConsumer(String groupId, Supplier<Consumer<byte[], byte[]>> consumers, Delivery delivery, RecordRelay relay,
                       TopicNames topics, Backpressure backpressure, Duration drainTimeout, GatewayMetrics metrics) {
        this.groupId = groupId;
        this.consumers = consumers;
        this.delivery = delivery;
        this.relay = relay;
        this.topics = topics;
        this.backpressure = backpressure;
        this.drainTimeout = drainTimeout;
        this.metrics = metrics;
        this.thread = DaemonThreads.single(groupId, this);
    }

    void start() {
        thread.start();
    }

    String groupId() {
        return groupId;
    }

    /** The input topics to read from now on; an empty set leaves the group. Any thread. */
    void subscribe(Set<String> inputTopics) {
        Set<String> copy = Set.copyOf(inputTopics);
        if (!copy.equals(wanted.getAndSet(copy))) {
            Consumer<byte[], byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** What keeps this consumer's answers from being written; empty when they are. */
    Optional<String> problem() {
        return delivery.problem();
    }

    /** Stops polling; requests in flight get the drain timeout, then the consumer commits and leaves the group. */
    void requestStop() {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    void awaitStop() {
        try {
            thread.join(drainTimeout.plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            Consumer<byte[], byte[]> created = null;
            boolean failed = false;
            try {
                created = consumers.get();
                consumer = created;
                subscribed = Set.of();
                paused = Set.of();
                delivery.start(created);
                consume();
                drain(Set.copyOf(lanes.keySet()));
                delivery.stopped();
            } catch (RuntimeException e) {
                LOG.errorf(e, "consumer %s failed; requests in flight will be read again from the last commit", groupId);
                // Lanes first, so nothing more is released; then the delivery gives up what it holds (exactly-once
                // aborts the transaction) before the consumer leaves and its partitions' next owners read them.
                Set.copyOf(lanes.keySet()).forEach(this::closeLane);
                delivery.failed();
                failed = true;
            } finally {
                consumer = null;
                close(created);
            }
            if (failed && running) {
                LockSupport.parkNanos(RESTART_PAUSE.toNanos());
            }
        }
    }

    private void close(Consumer<byte[], byte[]> created) {
        if (created == null) {
            return;
        }
        try {
            created.close();
        } catch (RuntimeException e) {
            LOG.warnf("consumer %s: closing the Kafka consumer failed: %s", groupId, e.toString());
        }
    }

    private void consume() {
        while (running) {
            applySubscription();
            if (subscribed.isEmpty()) {
                LockSupport.parkNanos(POLL.toNanos());
                continue;
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(pollTimeout());
            } catch (WakeupException woken) {
                continue;
            }
            List<RecordRelay.Admitted> admitted = new ArrayList<>(records.count());
            for (ConsumerRecord<byte[], byte[]> record : records) {
                PartitionLane<Answer> lane = lanes.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                        partition -> new PartitionLane<>());
                lane.admit(record.offset());
                admitted.add(new RecordRelay.Admitted(record, lane));
            }
            relay.relay(admitted, delivery.outlet());
            delivery.pump();
            commitIfDue();
            applyBackpressure();
            reportLag();
        }
    }

    private Duration pollTimeout() {
        if (!paused.isEmpty()) {
            return POLL_WHILE_PAUSED;
        }
        return answersDue && delivery.sendsOnConsumerThread() ? POLL_WHILE_SENDING : POLL;
    }

    private void applySubscription() {
        Set<String> next = wanted.get();
        if (next.equals(subscribed)) {
            return;
        }
        LOG.infof("consumer %s: input topics %s", groupId, next);
        if (next.isEmpty()) {
            consumer.unsubscribe();
        } else {
            knowAnswerTopics(next);
            consumer.subscribe(next, new Rebalance());
        }
        subscribed = next;
    }

    /** Before the first request of a model is read, so its first answer does not wait for topic metadata. */
    private void knowAnswerTopics(Set<String> inputTopics) {
        Outlet outlet = delivery.outlet();
        for (String input : inputTopics) {
            topics.parse(input).ifPresent(address -> outlet.knowTopic(topics.modelOutputs(address.name())));
        }
        outlet.knowTopic(topics.errors());
    }

    private void commitIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastCommitMillis < COMMIT_INTERVAL_MS) {
            return;
        }
        lastCommitMillis = now;
        delivery.commit(lanes);
    }

    private void applyBackpressure() {
        Map<TopicPartition, Integer> inFlight = new HashMap<>();
        Set<TopicPartition> assigned = consumer.assignment();
        lanes.forEach((partition, lane) -> {
            if (assigned.contains(partition)) {
                inFlight.put(partition, lane.inFlight());
            }
        });
        answersDue = inFlight.values().stream().anyMatch(count -> count > 0);
        Set<TopicPartition> next = backpressure.paused(inFlight, paused);
        if (next.equals(paused)) {
            return;
        }
        Set<TopicPartition> resume = new HashSet<>(paused);
        resume.removeAll(next);
        resume.retainAll(assigned);
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
        Set<TopicPartition> pause = new HashSet<>(next);
        pause.removeAll(paused);
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        paused = next;
    }

    private void reportLag() {
        long now = System.nanoTime();
        if (now - lastLagNanos < LAG_INTERVAL_NANOS) {
            return;
        }
        lastLagNanos = now;
        Map<String, Long> lagByModel = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            topics.parse(partition.topic()).ifPresent(address ->
                    lagByModel.merge(address.name(), lag.orElse(0), Long::sum));
        }
        lagByModel.forEach((model, lag) -> metrics.model(model).lag(lag));
    }

    /**
     * Waits up to the drain timeout for the lanes of these partitions to be answered, makes the last commit for
     * them, and closes the lanes. Commits go on meanwhile, so a drain does not hold a transaction open for long. Runs
     * on the consumer thread (inside poll for a rebalance).
     */
    private void drain(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (System.nanoTime() < deadline && partitions.stream()
                .map(lanes::get).anyMatch(lane -> lane != null && lane.inFlight() > 0)) {
            delivery.pump();
            commitIfDue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        for (TopicPartition partition : partitions) {
            PartitionLane<Answer> lane = lanes.get(partition);
            if (lane != null && lane.inFlight() > 0) {
                LOG.warnf("consumer %s: %d requests of %s still unanswered after %s; the partition's next owner"
                        + " answers them", groupId, lane.inFlight(), partition, drainTimeout);
            }
        }
        delivery.commitLeaving(lanes, partitions);
        partitions.forEach(this::closeLane);
    }

    private void closeLane(TopicPartition partition) {
        PartitionLane<Answer> lane = lanes.remove(partition);
        if (lane != null) {
            int abandoned = lane.close();
            topics.parse(partition.topic()).ifPresent(address -> {
                for (int i = 0; i < abandoned; i++) {
                    metrics.model(address.name()).abandoned();
                }
            });
        }
        if (paused.contains(partition)) {
            Set<TopicPartition> still = new HashSet<>(paused);
            still.remove(partition);
            paused = still;
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.infof("consumer %s: partitions revoked %s", groupId, partitions);
                drain(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.infof("consumer %s: partitions assigned %s", groupId, partitions);
            }
            for (TopicPartition partition : partitions) {
                PartitionLane<Answer> stale = lanes.put(partition, new PartitionLane<>());
                if (stale != null) {
                    stale.close();
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another consumer owns them already: committing would overwrite its progress.
            LOG.warnf("consumer %s: partitions lost %s; their requests in flight are answered by the new owner",
                    groupId, partitions);
            partitions.forEach(ModelInputConsumer.this::closeLane);
            delivery.lost(partitions);
        }
    }
}
