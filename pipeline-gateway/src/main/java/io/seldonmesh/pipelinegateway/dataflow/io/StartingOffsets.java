package io.seldonmesh.pipelinegateway.dataflow.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a new pipeline version starts reading, set on its consumer group before it starts: the topics requests enter
 * by (the pipeline's inputs, other pipelines it reads) from its first moment ({@code activeFrom}), so the requests
 * written while it was being created are its; every other topic from its end now, since nothing there is its yet.
 * A version that ran before keeps its committed offsets. Without this a new group would start wherever its reset
 * policy says: the end when its first poll happens (losing what came in between) or the beginning of a model topic's
 * whole history.
 */
final class StartingOffsets {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private StartingOffsets() {
    }

    /**
     * @param entryTopics topics whose records are taken by timestamp
     * @param activeFrom the version's first moment, or {@link Long#MIN_VALUE} to start entry topics at their end too
     */
    static void set(Admin admin, String group, Map<String, TopicDescription> sources, Set<String> entryTopics,
                    long activeFrom) throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        sources.forEach((topic, description) -> description.partitions().forEach(partition -> {
            TopicPartition tp = new TopicPartition(topic, partition.partition());
            if (committed.get(tp) == null) {
                boolean byTime = entryTopics.contains(topic) && activeFrom != Long.MIN_VALUE;
                wanted.put(tp, byTime ? OffsetSpec.forTimestamp(activeFrom) : OffsetSpec.latest());
            }
        }));
        if (wanted.isEmpty()) {
            return;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = admin.listOffsets(wanted).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> noneSince = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        found.forEach((tp, info) -> {
            if (info.offset() < 0) {
                noneSince.add(tp);
            } else {
                start.put(tp, new OffsetAndMetadata(info.offset()));
            }
        });
        if (!noneSince.isEmpty()) {
            // No record since activeFrom: start at the end.
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            noneSince.forEach(tp -> ends.put(tp, OffsetSpec.latest()));
            admin.listOffsets(ends).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
        }
        admin.alterConsumerGroupOffsets(group, start).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
