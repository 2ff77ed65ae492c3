package io.seldonmesh.common.kafka;

import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.runtime.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows compacted topics (the control and status topics: the latest record per key is the current state) from
 * their beginning, on every partition, without a consumer group: every replica of every service needs all of it.
 * It is caught up once it has read to the end offsets seen when it started, so that nothing is judged on half the
 * history; until then, and while Kafka cannot be read, {@link #problem()} says why, for the service's readiness.
 * A failing poll is retried after a pause with the same position; a topic that does not exist yet is waited for.
 * The one place a service reads such topics: the owner only says what a record means ({@link Records}).
 */
public final class CompactedTopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** What the owner does with what is read; called on the reader's thread only. */
    public interface Records {

        /** One record, in offset order per partition; a null value is a tombstone (a deletion). */
        void apply(ConsumerRecord<byte[], byte[]> record);

        /** Everything present at start-up has been applied. */
        default void caughtUp() {
        }

        /** After each poll that returned records, and once when caught up: a moment to act on a batch of changes. */
        default void applied(boolean caughtUp) {
        }
    }

    private final String name;
    private final List<String> topics;
    private final Consumer<byte[], byte[]> consumer;
    private final Records records;
    private final KafkaErrorExplainer explainer;
    private final Runnable beforeReading;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile String problem;

    /**
     * @param name what is read, for the thread name and log lines ("control and status topics")
     * @param consumer a consumer without a group, owned by this reader from now on
     */
    public CompactedTopicReader(String name, List<String> topics, Consumer<byte[], byte[]> consumer, Records records,
                                KafkaErrorExplainer explainer) {
        this(name, topics, consumer, records, explainer, () -> { });
    }

    /**
     * @param beforeReading run before the topics are looked up, again after each failure (e.g. creating the shared
     *     topics when this is the first service to start); what it throws is the reader's problem until it succeeds
     */
    public CompactedTopicReader(String name, List<String> topics, Consumer<byte[], byte[]> consumer, Records records,
                                KafkaErrorExplainer explainer, Runnable beforeReading) {
        this.beforeReading = beforeReading;
        this.name = name;
        this.topics = List.copyOf(topics);
        this.consumer = consumer;
        this.records = records;
        this.explainer = explainer;
        this.problem = "not reading " + String.join(", ", topics) + " yet";
        this.thread = DaemonThreads.single("reader-" + name.replace(' ', '-'), this::run);
    }

    public void start() {
        thread.start();
    }

    /** True once every record present at start-up has been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Why the topics are not followed, or not yet read to their start-up end; empty when all is well. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void run() {
        try {
            Map<TopicPartition, Long> startupEnds = assignAll();
            problem = caughtUp ? null : "still reading the " + name + " written before start-up";
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
                    polled.forEach(this::applySafely);
                    boolean justCaughtUp = !caughtUp && reached(startupEnds);
                    if (justCaughtUp) {
                        caughtUp = true;
                        records.caughtUp();
                        LOG.infof("read the %s up to where they ended at start-up", name);
                    }
                    if (justCaughtUp || (caughtUp && !polled.isEmpty())) {
                        records.applied(caughtUp);
                    }
                    if (caughtUp) {
                        problem = null;
                    }
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) {
                        throw e;
                    }
                    failed(explainer.explain(e, AclOperation.READ, topics.get(0)));
                }
            }
        } catch (WakeupException closing) {
            // close() woke the consumer
        } catch (RuntimeException e) {
            problem = "stopped reading the " + name + ": " + e;
            LOG.error(problem, e);
        }
    }

    private Map<TopicPartition, Long> assignAll() {
        while (running) {
            try {
                beforeReading.run();
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : topics) {
                    List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
                    if (infos == null || infos.isEmpty()) {
                        throw new MissingTopic(topic);
                    }
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return consumer.endOffsets(partitions, METADATA_TIMEOUT);
            } catch (MissingTopic e) {
                failed("topic " + e.getMessage() + " does not exist yet; it is created by the first service that"
                        + " starts (or by the operator's provisioning)");
            } catch (KafkaException e) {
                if (e instanceof WakeupException) {
                    throw e;
                }
                failed(explainer.explain(e, AclOperation.DESCRIBE, topics.get(0)));
            } catch (RuntimeException e) {
                failed(e.getMessage());
            }
        }
        throw new WakeupException();
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), METADATA_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void applySafely(ConsumerRecord<byte[], byte[]> record) {
        try {
            records.apply(record);
        } catch (RuntimeException e) {
            // Someone wrote a record the owner cannot use; the rest of the topic still counts.
            LOG.warnf("%s: ignoring the record at %s-%d offset %d: %s", name, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private void failed(String why) {
        problem = "cannot read the " + name + ": " + why;
        LOG.warnf("%s; retrying in %d s", problem, RETRY.toSeconds());
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private static final class MissingTopic extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingTopic(String topic) {
            super(topic, null, false, false);
        }
    }
}
