package io.seldonmesh.pipelinegateway.io;

import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.kafka.RequestKey;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.TopicAddress;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.core.PartitionOwnership;
import io.seldonmesh.pipelinegateway.core.PendingRequests;
import io.seldonmesh.pipelinegateway.core.Reply;
import io.seldonmesh.pipelinegateway.core.ErrorMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Reads the answers to this replica's requests: the held partitions of every outputs topic in use, and every
 * partition of the errors topic (errors are few, and writers other than model-gateway may key them anywhere).
 * One thread owns the consumer; other threads ask it for work through a queue. Partitions are assigned, not
 * subscribed: no group, no rebalance, no committed offsets: an answer matters only while its request waits,
 * so every partition is read from its end at the moment it is added.
 */
public final class ReplyListener extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ReplyListener.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);
    private static final long DRAIN_CHECK_NANOS = Duration.ofMillis(500).toNanos();

    private final String errorsTopic;
    private final TopicNames topics;
    private final PendingRequests pending;
    private final PartitionOwnership ownership;
    private final Executor completions;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> outputsTopics = new LinkedHashMap<>();
    private final Set<Integer> claimed = new HashSet<>();
    private final List<CompletableFuture<Void>> waitingForPosition = new ArrayList<>();
    private volatile List<TopicPartition> errors;
    private Set<TopicPartition> assigned = Set.of();
    private long lastDrainCheck;
    private final AtomicLong unmatched = new AtomicLong();
    private final KafkaTracing tracing;

    /**
     * @param consumer a consumer without a group, owned by this listener from now on
     * @param completions where callers' futures complete, so their work never runs on this thread
     */
    public ReplyListener(Consumer<byte[], byte[]> consumer, TopicNames topics, PendingRequests pending,
                         PartitionOwnership ownership, Executor completions, KafkaErrorExplainer explainer,
                         KafkaTracing tracing) {
        super("reply-listener", "reading answers", consumer, explainer);
        this.errorsTopic = topics.errors();
        this.topics = topics;
        this.pending = pending;
        this.ownership = ownership;
        this.completions = completions;
        this.tracing = tracing;
    }

    /** True once the errors topic is read from its end. */
    public boolean isListening() {
        return errors != null && isRunning();
    }

    /**
     * Answers read that matched no pending request: late ones (after a timeout), or, were partitions not
     * divided properly, another replica's.
     */
    public long unmatchedAnswers() {
        return unmatched.get();
    }

    /**
     * Starts reading {@code topic} on every partition this replica reads; completes once positioned at its
     * end there, after which an answer written to it will be seen.
     */
    public CompletableFuture<Void> listen(String topic, int partitions) {
        CompletableFuture<Void> positioned = new CompletableFuture<>();
        submit(() -> {
            outputsTopics.merge(topic, partitions, Math::max);
            waitingForPosition.add(positioned);
        });
        return positioned;
    }

    /**
     * Stops reading {@code topic}: its pipeline or model was deleted, and its topic may be too (reading it would
     * only log errors, or recreate it where the broker creates topics on demand).
     */
    public void forget(String topic) {
        submit(() -> {
            outputsTopics.remove(topic);
            lastDrainCheck = 0;
        });
    }

    /** The claim gave this replica these partitions: read them everywhere, then write to them. */
    public void claimed(Collection<Integer> partitions) {
        submit(() -> claimed.addAll(partitions));
    }

    /** The claim took these partitions away: write no more requests to them; they are read until drained. */
    public void released(Collection<Integer> partitions) {
        ownership.release(partitions);
        submit(() -> claimed.removeAll(partitions));
    }

    private void submit(Runnable command) {
        commands.add(command);
        wake();
    }

    @Override
    protected void round() {
        if (errors == null) {
            List<TopicPartition> all = consumer.partitionsFor(errorsTopic, POSITION_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (all.isEmpty()) {
                throw new IllegalStateException("topic " + errorsTopic + " does not exist yet");
            }
            reassign(new HashSet<>(all));
            errors = all;
        }
        Runnable command;
        while ((command = commands.poll()) != null) {
            command.run();
        }
        refreshAssignment(errors);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            dispatch(record);
        }
    }

    private void refreshAssignment(List<TopicPartition> errors) {
        long now = System.nanoTime();
        boolean drainCheckDue = now - lastDrainCheck > DRAIN_CHECK_NANOS;
        if (!drainCheckDue && waitingForPosition.isEmpty() && claimed.equals(ownership.held())) {
            return;
        }
        lastDrainCheck = now;
        Set<Integer> read = ownership.stillRead(pending::hasPendingOn);
        read.addAll(claimed);
        Set<TopicPartition> desired = new HashSet<>(errors);
        outputsTopics.forEach((topic, count) -> read.stream().filter(p -> p < count)
                .forEach(p -> desired.add(new TopicPartition(topic, p))));
        reassign(desired);
        Set<Integer> newlyHeld = new HashSet<>(claimed);
        newlyHeld.removeAll(ownership.held());
        if (!newlyHeld.isEmpty()) {
            ownership.hold(newlyHeld);
            LOG.infof("holding partitions %s of the outputs topics (reading %d topic partitions)",
                    ownership.held(), desired.size());
        }
        for (CompletableFuture<Void> positioned : waitingForPosition) {
            completions.execute(() -> positioned.complete(null));
        }
        waitingForPosition.clear();
    }

    private void reassign(Set<TopicPartition> desired) {
        if (desired.equals(assigned)) {
            return;
        }
        Set<TopicPartition> added = new HashSet<>(desired);
        added.removeAll(assigned);
        consumer.assign(desired);
        consumer.seekToEnd(added);
        for (TopicPartition partition : added) {
            consumer.position(partition, POSITION_TIMEOUT);
        }
        assigned = Set.copyOf(desired);
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(errorsTopic)) {
            failWithError(record);
        } else {
            answer(record);
        }
    }

    private void answer(ConsumerRecord<byte[], byte[]> record) {
        Optional<String> id = RequestKey.tryParse(record.key()).map(RequestKey::requestId).filter(pending::isPending);
        if (id.isEmpty()) {
            unmatched.incrementAndGet();
            return;
        }
        Optional<TopicAddress> topic = topics.parse(record.topic());
        if (topic.isEmpty() || !pending.target(id.get()).map(target -> target.isAnsweredOn(topic.get())).orElse(false)) {
            return;
        }
        // the answer's arrival, in the trace of the request (its record carries the answering hop's context)
        KafkaTracing.end(tracing.process(record.topic(), record.headers()), (String) null);
        try {
            boolean json = InferType.of(record.headers()).map(InferType::isJson).orElse(false);
            ModelInferResponse response = json ? V2Json.parseResponse(record.value())
                    : ModelInferResponse.parseFrom(record.value());
            pending.answer(id.get(), new Reply(response, externalHeaders(record)));
        } catch (Exception e) {
            pending.fail(id.get(), new InferenceFailure(InferenceFailure.Reason.UNREADABLE_ANSWER, "the answer to request '"
                    + id.get() + "' on " + record.topic() + " (partition " + record.partition() + ", offset "
                    + record.offset() + ") could not be read as a V2 inference response: " + e.getMessage()
                    + ". Whatever wrote it (model-gateway, or a pipeline step) wrote something else"));
        }
    }

    private void failWithError(ConsumerRecord<byte[], byte[]> record) {
        ErrorRecord error;
        try {
            error = ErrorRecord.parse(record);
        } catch (IllegalArgumentException unnamed) {
            error = null;
        }
        Optional<String> named = Optional.ofNullable(error).map(ErrorRecord::requestId);
        Optional<String> id = RequestKey.tryParse(record.key()).map(RequestKey::requestId).or(() -> named)
                .filter(pending::isPending);
        if (id.isEmpty()) {
            return;
        }
        KafkaTracing.end(tracing.process(record.topic(), record.headers()),
                error == null ? "an unreadable error record" : error.status() + ": " + error.message());
        pending.fail(id.get(), InferenceFailure.fromErrorRecord(error == null ? null : error.status(),
                ErrorMessages.forCaller(error, id.get(), pending.target(id.get()), record.value())));
    }

    private static List<Map.Entry<String, String>> externalHeaders(ConsumerRecord<byte[], byte[]> record) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            if (SeldonHeaders.isExternal(header.key()) && header.value() != null) {
                headers.add(Map.entry(header.key().toLowerCase(Locale.ROOT),
                        new String(header.value(), StandardCharsets.UTF_8)));
            }
        }
        return headers;
    }

}
