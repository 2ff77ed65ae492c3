package io.seldonmesh.pipelinegateway.io;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.ConsumerGroups;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.ModelConsumers;
import io.seldonmesh.pipelinegateway.core.ModelConsumers.GroupView;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jboss.logging.Logger;

/**
 * Asks Kafka, every few seconds, which topics model-gateway's consumer groups hold, for the groups of the Available
 * models (a model's group follows from its name as model-gateway computes it: {@link ConsumerGroups#modelGateway}),
 * and hands what it saw to the catalog's {@link ModelConsumers}, with each model's consumer lag. Per round, whatever
 * the traffic: one DescribeGroups and one OffsetFetch request per group coordinator, one ListOffsets per leader.
 */
final class ModelGatewayWatch {

    private static final Logger LOG = Logger.getLogger(ModelGatewayWatch.class);
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final Catalog catalog;
    private final TopicNames names;
    private final SeldonKafkaSettings settings;
    private final int poolSize;
    private final KafkaErrorExplainer explainer;
    private volatile String lastProblem;

    /** @param poolSize {@code MODELGATEWAY_MAX_NUM_CONSUMERS}, as model-gateway has it */
    ModelGatewayWatch(Admin admin, Catalog catalog, TopicNames names, SeldonKafkaSettings settings, int poolSize,
                      KafkaErrorExplainer explainer) {
        this.admin = admin;
        this.catalog = catalog;
        this.names = names;
        this.settings = settings;
        this.poolSize = poolSize;
        this.explainer = explainer;
    }

    /** One round; never throws (it runs on a schedule). */
    void check() {
        try {
            observe();
        } catch (RuntimeException e) {
            unknown("checking model-gateway's consumer groups failed, so models are taken to be consumed: " + e);
        }
    }

    private void observe() {
        List<String> models = catalog.availableModels();
        ModelConsumers consumers = catalog.consumers();
        consumers.retainOnly(Set.copyOf(models));
        if (models.isEmpty()) {
            return;
        }
        ConsumerGroups groups = ConsumerGroups.from(names);
        Map<String, String> groupOfModel = new LinkedHashMap<>();
        for (String model : models) {
            groupOfModel.put(model, settings.consumerGroupId(groups.modelGateway(model, poolSize)));
        }
        Map<String, KafkaFuture<ConsumerGroupDescription>> futures = admin.describeConsumerGroups(
                new HashSet<>(groupOfModel.values()),
                new DescribeConsumerGroupsOptions().timeoutMs((int) DESCRIBE_TIMEOUT.toMillis())).describedGroups();
        Map<String, GroupView> views = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<ConsumerGroupDescription>> group : futures.entrySet()) {
            try {
                views.put(group.getKey(), view(group.getValue().get(DESCRIBE_TIMEOUT.toMillis() + 1_000,
                        TimeUnit.MILLISECONDS)));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    // Kafka 4 answers so for a group nobody ever joined or that expired: nobody consumes in it.
                    views.put(group.getKey(), new GroupView(group.getKey(), GroupView.Kind.EMPTY, 0, Set.of()));
                    continue;
                }
                unknown("model-gateway's consumer groups could not be described, so models are taken to be"
                        + " consumed: " + explainer.explain(e.getCause(), AclOperation.DESCRIBE) + " (grant DESCRIBE on"
                        + " the groups with the prefix '" + settings.consumerGroupId(groups.modelGatewayPrefix())
                        + "', or set SELDON_GATEWAY_MODEL_CONSUMER_CHECK=0)");
                return;
            } catch (TimeoutException e) {
                unknown("model-gateway's consumer groups were not described within " + DESCRIBE_TIMEOUT.toSeconds()
                        + " s; models are taken to be consumed until they are");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (lastProblem != null) {
            LOG.infof("model-gateway's consumer groups can be described again");
            lastProblem = null;
        }
        long now = System.currentTimeMillis();
        groupOfModel.forEach((model, group) -> {
            GroupView view = views.get(group);
            if (view != null) {
                consumers.observe(model, names.modelInputs(model), view, now);
            }
        });
        measureLag(groupOfModel, consumers);
    }

    /**
     * Each model's consumer lag: the end offsets of its inputs topic less what its group committed there, over the
     * partitions the group has committed on (one offsets request for all groups, one for all end offsets). A failure
     * leaves the lag unknown, never the readiness above it.
     */
    private void measureLag(Map<String, String> groupOfModel, ModelConsumers consumers) {
        try {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groupOfModel.values().forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
            ListConsumerGroupOffsetsResult offsets = admin.listConsumerGroupOffsets(specs,
                    new ListConsumerGroupOffsetsOptions().timeoutMs((int) DESCRIBE_TIMEOUT.toMillis()));
            Map<String, Map<TopicPartition, Long>> committedByModel = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (Map.Entry<String, String> model : groupOfModel.entrySet()) {
                String topic = names.modelInputs(model.getKey());
                Map<TopicPartition, Long> committed = new HashMap<>();
                offsets.partitionsToOffsetAndMetadata(model.getValue())
                        .get(DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).forEach((partition, offset) -> {
                            if (offset != null && partition.topic().equals(topic)) {
                                committed.put(partition, offset.offset());
                                latest.put(partition, OffsetSpec.latest());
                            }
                        });
                committedByModel.put(model.getKey(), committed);
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                    : admin.listOffsets(latest).all().get(DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            committedByModel.forEach((model, committed) -> consumers.lag(model, committed.isEmpty()
                    ? OptionalLong.empty()
                    : OptionalLong.of(committed.entrySet().stream().mapToLong(entry -> Math.max(0,
                            ends.get(entry.getKey()).offset() - entry.getValue())).sum())));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debugf("model-gateway's consumer lag not measured this round: %s", e.toString());
            groupOfModel.keySet().forEach(model -> consumers.lag(model, OptionalLong.empty()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void unknown(String problem) {
        catalog.consumers().forget();
        if (!problem.equals(lastProblem)) {
            LOG.warn(problem);
            lastProblem = problem;
        }
    }

    private static GroupView view(ConsumerGroupDescription description) {
        Set<String> topics = new HashSet<>();
        for (MemberDescription member : description.members()) {
            for (TopicPartition partition : member.assignment().topicPartitions()) {
                topics.add(partition.topic());
            }
        }
        GroupState state = description.groupState();
        GroupView.Kind kind = switch (state) {
            case STABLE -> GroupView.Kind.STABLE;
            case EMPTY, DEAD -> GroupView.Kind.EMPTY;
            default -> GroupView.Kind.REBALANCING;
        };
        return new GroupView(description.groupId(), kind, description.members().size(), topics);
    }
}
