package io.seldonmesh.pipelinegateway.io;

import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.status.CredentialEvent;
import io.seldonmesh.pipelinegateway.overview.CredentialNotice;
import io.seldonmesh.pipelinegateway.overview.ErrorNotice;
import io.seldonmesh.pipelinegateway.overview.Tail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Keeps the status page's tails: the last records of {@code errors.errors} (redacted) and of
 * {@code control.credentials}, read without a group from a little before the end of each partition, then as they
 * come. A topic that does not exist yet is looked for again every few seconds.
 */
public final class RecentRecordsReader extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(RecentRecordsReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(5);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

    private final String errorsTopic;
    private final String credentialsTopic;
    private final Tail<ErrorNotice> errors;
    private final Tail<CredentialNotice> credentials;
    private final int depth;
    private final Set<String> found = new HashSet<>();
    private Set<TopicPartition> assigned = Set.of();
    private long lookedAt;

    /** @param depth how many records of each partition to read back at start (the tails' size) */
    public RecentRecordsReader(Consumer<byte[], byte[]> consumer, KafkaErrorExplainer explainer, TopicNames names,
                               Tail<ErrorNotice> errors, Tail<CredentialNotice> credentials, int depth) {
        super("status-page-tails", "reading the errors and credentials topics for the status page", consumer,
                explainer);
        this.errorsTopic = names.errors();
        this.credentialsTopic = names.controlCredentials();
        this.errors = errors;
        this.credentials = credentials;
        this.depth = depth;
    }

    @Override
    protected void round() {
        if (found.size() < 2 && System.nanoTime() - lookedAt >= LOOK_AGAIN.toNanos()) {
            lookedAt = System.nanoTime();
            lookForTopics();
        }
        if (assigned.isEmpty()) {
            sleep(POLL);
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            take(record);
        }
    }

    private void lookForTopics() {
        Set<TopicPartition> added = new HashSet<>();
        for (String topic : List.of(errorsTopic, credentialsTopic)) {
            if (found.contains(topic)) {
                continue;
            }
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (partitions != null && !partitions.isEmpty()) {
                found.add(topic);
                partitions.forEach(p -> added.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        if (added.isEmpty()) {
            return;
        }
        Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(added);
        consumer.assign(all);
        Map<TopicPartition, Long> ends = consumer.endOffsets(added, METADATA_TIMEOUT);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(added, METADATA_TIMEOUT);
        for (TopicPartition partition : added) {
            consumer.seek(partition, Math.max(starts.getOrDefault(partition, 0L), ends.getOrDefault(partition, 0L) - depth));
        }
        assigned = Set.copyOf(all);
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        Instant time = Instant.ofEpochMilli(record.timestamp());
        if (record.topic().equals(errorsTopic)) {
            errors.add(ErrorNotice.of(time,
                    SeldonHeaders.lastValue(record.headers(), SeldonHeaders.PIPELINE_ERRORS).orElse(null),
                    SeldonHeaders.lastValue(record.headers(), SeldonHeaders.PIPELINE).orElse(null),
                    SeldonHeaders.requestId(record.headers()).orElse(null),
                    record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8)));
        } else if (record.value() != null) {
            try {
                credentials.add(CredentialNotice.of(time, CredentialEvent.parse(record.value())));
            } catch (IllegalArgumentException unreadable) {
                LOG.debugf("status page: skipped a record of %s: %s", credentialsTopic, unreadable.getMessage());
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
