package io.seldonmesh.pipelinegateway.io;

import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.pipelinegateway.core.StepLookback;
import io.seldonmesh.pipelinegateway.core.StepLookup;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.StepSightings;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Looks back at the steps' outputs topics when pipeline requests time out, with one consumer of its own (assigned,
 * no group, idle between timeouts) on its own thread, so that neither the answers of other requests nor their
 * timeouts ever wait for it. Timeouts queue up; each scan serves every one queued when it starts: from the
 * offset of each request's send time ({@code offsetsForTimes}) up to the end offsets taken at that moment, it
 * looks for records carrying a request's {@code x-request-id}. A scan stops at {@link StepScanLimits#records()}
 * records, or shortly before the first of its 504s must leave, and says so.
 */
public final class StepScanner implements StepLookback, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StepScanner.class);
    /**
     * Step records are stamped by other hosts' clocks (model-gateway's producer): start this much before the
     * request's send time, so a clock a little behind the gateway's does not hide an answer.
     */
    static final Duration CLOCK_ALLOWANCE = Duration.ofSeconds(1);
    /** Left for the answer to reach the caller before the 504 goes without the scan. */
    private static final long STOP_MARGIN_NANOS = Duration.ofMillis(50).toNanos();
    private static final long MAX_POLL_NANOS = Duration.ofMillis(100).toNanos();
    /** How often an idle scanner checks whether it is being closed. */
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final StepScanLimits limits;
    private final KafkaErrorExplainer explainer;
    private final BlockingQueue<Search> queue = new LinkedBlockingQueue<>();
    private final AtomicLong recordsRead = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param consumer a consumer without a group (read_committed, no auto-created topics), owned by this scanner */
    public StepScanner(Consumer<byte[], byte[]> consumer, StepScanLimits limits, KafkaErrorExplainer explainer) {
        this.consumer = consumer;
        this.limits = limits;
        this.explainer = explainer;
        this.thread = DaemonThreads.single("step-scanner", this::run);
    }

    public void start() {
        thread.start();
    }

    /** Records read by every scan so far: what the timeouts cost. */
    public long recordsRead() {
        return recordsRead.get();
    }

    @Override
    public CompletableFuture<StepSightings> scan(StepLookup lookup) {
        Search search = new Search(lookup);
        queue.add(search);
        return search.result;
    }

    private void run() {
        try {
            while (running) {
                Search first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Search> batch = new ArrayList<>(List.of(first));
                queue.drainTo(batch);
                scanOrFail(batch);
            }
        } catch (InterruptedException | WakeupException closing) {
            // close() was called
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void scanOrFail(List<Search> batch) {
        try {
            scan(batch);
        } catch (WakeupException closing) {
            throw closing;
        } catch (RuntimeException e) {
            String why = explainer.explain(e, AclOperation.READ);
            LOG.warnf("looking back at the steps of %d timed-out pipeline request(s) failed: %s", batch.size(), why);
            batch.forEach(search -> search.result.completeExceptionally(new IllegalStateException(why, e)));
        } finally {
            consumer.assign(List.of());
        }
    }

    private void scan(List<Search> batch) {
        long now = System.nanoTime();
        // Those whose 504 has already left (queued behind a long scan) are not worth reading for.
        batch.removeIf(search -> search.lookup.answerByNanos() - STOP_MARGIN_NANOS - now <= 0);
        if (batch.isEmpty()) {
            return;
        }
        long stopAt = batch.stream().mapToLong(search -> search.lookup.answerByNanos()).min().orElseThrow()
                - STOP_MARGIN_NANOS;
        Map<String, Long> since = new HashMap<>();
        Map<String, Map<String, List<Search>>> wanted = new HashMap<>();
        for (Search search : batch) {
            for (String topic : search.lookup.topics()) {
                since.merge(topic, search.lookup.sentAtMillis() - CLOCK_ALLOWANCE.toMillis(), Math::min);
                wanted.computeIfAbsent(topic, t -> new HashMap<>())
                        .computeIfAbsent(search.lookup.requestId(), id -> new ArrayList<>()).add(search);
            }
        }
        Set<String> missing = new HashSet<>();
        Map<TopicPartition, Long> fromTimes = new HashMap<>();
        for (Map.Entry<String, Long> topic : since.entrySet()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic.getKey(), left(stopAt));
            if (partitions == null || partitions.isEmpty()) {
                missing.add(topic.getKey());
            }
            for (PartitionInfo partition : partitions == null ? List.<PartitionInfo>of() : partitions) {
                boolean needed = batch.stream().anyMatch(search -> search.lookup.topics().contains(topic.getKey())
                        && search.lookup.reads(partition.partition()));
                if (needed) {
                    fromTimes.put(new TopicPartition(partition.topic(), partition.partition()), topic.getValue());
                }
            }
        }
        Set<String> unfinished = new HashSet<>();
        Optional<String> cutShort = fromTimes.isEmpty() ? Optional.empty()
                : read(fromTimes, wanted, batch, stopAt, unfinished);
        for (Search search : batch) {
            search.finish(missing, unfinished, cutShort);
        }
    }

    /** Reads every partition from its start offset to its end offset, or until a limit; returns why it stopped early. */
    private Optional<String> read(Map<TopicPartition, Long> fromTimes, Map<String, Map<String, List<Search>>> wanted,
                                  List<Search> batch, long stopAt, Set<String> unfinished) {
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(fromTimes, left(stopAt));
        Map<TopicPartition, Long> ends = consumer.endOffsets(fromTimes.keySet(), left(stopAt));
        Set<TopicPartition> toRead = new HashSet<>();
        for (TopicPartition partition : fromTimes.keySet()) {
            OffsetAndTimestamp start = starts.get(partition);
            if (start != null && start.offset() < ends.getOrDefault(partition, 0L)) {
                toRead.add(partition);
            }
        }
        consumer.assign(toRead);
        toRead.forEach(partition -> consumer.seek(partition, starts.get(partition).offset()));
        long read = 0;
        Optional<String> cutShort = Optional.empty();
        while (!toRead.isEmpty() && !batch.stream().allMatch(Search::foundAll)) {
            long left = stopAt - System.nanoTime();
            if (left <= 0) {
                cutShort = Optional.of("it had read " + read + " records when its time was up ("
                        + StepScanLimits.TIME_VARIABLE + "=" + TimeoutPolicy.format(limits.time()) + ")");
                break;
            }
            // Partitions with a record left unread for the record limit are not read to their end.
            Set<TopicPartition> leftOver = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofNanos(Math.min(left, MAX_POLL_NANOS)))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= ends.get(partition)) {
                    continue;
                }
                if (read >= limits.records()) {
                    leftOver.add(partition);
                    continue;
                }
                read++;
                match(record, wanted);
            }
            Set<TopicPartition> done = new HashSet<>();
            for (TopicPartition partition : toRead) {
                if (!leftOver.contains(partition) && consumer.position(partition, left(stopAt)) >= ends.get(partition)) {
                    done.add(partition);
                }
            }
            consumer.pause(done);
            toRead.removeAll(done);
            if (read >= limits.records() && !toRead.isEmpty()) {
                cutShort = Optional.of("it read " + read + " records (" + StepScanLimits.RECORDS_VARIABLE + "="
                        + limits.records() + ")");
                break;
            }
        }
        recordsRead.addAndGet(read);
        if (cutShort.isPresent()) {
            toRead.forEach(partition -> unfinished.add(partition.topic()));
        }
        return cutShort;
    }

    private static void match(ConsumerRecord<byte[], byte[]> record,
                              Map<String, Map<String, List<Search>>> wanted) {
        Optional<String> id = SeldonHeaders.requestId(record.headers());
        if (id.isEmpty()) {
            return;
        }
        List<Search> searches = wanted.getOrDefault(record.topic(), Map.of()).get(id.get());
        if (searches == null) {
            return;
        }
        // A caller may reuse an id across pipelines; the pipeline header, when the record has one, tells them apart.
        Optional<String> pipeline = SeldonHeaders.lastValue(record.headers(), SeldonHeaders.PIPELINE);
        for (Search search : searches) {
            if (pipeline.isEmpty() || pipeline.get().equals(search.lookup.pipeline())) {
                search.answered.add(record.topic());
            }
        }
    }

    private static Duration left(long stopAt) {
        return Duration.ofNanos(Math.max(1, stopAt - System.nanoTime()));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One timed-out request being looked for, and what has been seen of it. */
    private static final class Search {

        private final StepLookup lookup;
        private final CompletableFuture<StepSightings> result = new CompletableFuture<>();
        private final Set<String> answered = new HashSet<>();

        Search(StepLookup lookup) {
            this.lookup = lookup;
        }

        boolean foundAll() {
            return answered.containsAll(lookup.topics());
        }

        void finish(Set<String> missing, Set<String> unfinished, Optional<String> cutShort) {
            Set<String> topics = lookup.topics();
            Set<String> mine = new HashSet<>(unfinished);
            mine.retainAll(topics);
            mine.removeAll(answered);
            Set<String> absent = new HashSet<>(missing);
            absent.retainAll(topics);
            result.complete(new StepSightings(answered, mine, absent, mine.isEmpty() ? Optional.empty() : cutShort));
        }
    }
}
