package io.seldonmesh.pipelinegateway.dataflow.io;

import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.pipelinegateway.dataflow.core.DataflowPlan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics a pipeline version needs, before it starts: its own and its steps' models' are created if missing;
 * other pipelines' topics it reads are theirs to create, so it waits for them; and all must have the same number of
 * partitions, since a request keeps its partition number in every topic it crosses.
 */
final class VersionTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** What was found: the sources' descriptions, or why the version must wait or cannot run. */
    record Check(Map<String, TopicDescription> sources, String waiting, String failure) {

        boolean ready() {
            return waiting == null && failure == null;
        }
    }

    private VersionTopics() {
    }

    static Check prepare(Admin admin, TopicProvisioner provisioner, DataflowPlan plan)
            throws InterruptedException, TimeoutException {
        provisioner.ensurePipeline(plan.pipeline());
        plan.models().forEach(provisioner::ensureModel);
        Set<String> all = new LinkedHashSet<>(plan.sourceTopics());
        all.addAll(plan.sinkTopics());
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(all).topicNameValues();
        Map<String, TopicDescription> found = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> future : futures.entrySet()) {
            try {
                found.put(future.getKey(), future.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(future.getKey());
                } else {
                    throw new IllegalStateException("Kafka refused describing " + future.getKey() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
        }
        if (!missing.isEmpty()) {
            return new Check(Map.of(), "waiting for " + String.join(", ", missing) + " to exist: "
                    + (plan.externalPipelines().isEmpty() ? "" : "they belong to pipeline(s) "
                    + String.join(", ", plan.externalPipelines()) + ", which this one reads; declare them, and ")
                    + "this version starts once they are there", null);
        }
        Map<Integer, List<String>> byPartitions = new TreeMap<>(found.values().stream().collect(Collectors.groupingBy(
                description -> description.partitions().size(),
                Collectors.mapping(TopicDescription::name, Collectors.toList()))));
        if (byPartitions.size() > 1) {
            return new Check(Map.of(), null, "its topics do not have the same number of partitions ("
                    + byPartitions.entrySet().stream().map(entry -> entry.getKey() + ": " + String.join(", ",
                            entry.getValue())).collect(Collectors.joining("; ")) + "); a request keeps its partition"
                    + " number in every topic it crosses, so give them all the same count (KAFKA_TOPICS_NUM_PARTITIONS)");
        }
        Map<String, TopicDescription> sources = new LinkedHashMap<>();
        plan.sourceTopics().forEach(topic -> sources.put(topic, found.get(topic)));
        return new Check(sources, null, null);
    }
}
