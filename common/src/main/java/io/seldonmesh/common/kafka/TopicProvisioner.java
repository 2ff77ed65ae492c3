package io.seldonmesh.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Creates the topics the services need with the configured partitions and replication factor,
 * and checks that configuration against the broker first, so that a replication factor the
 * cluster cannot honour is one clear sentence instead of producers failing later.
 *
 * <p>Idempotent: existing topics are accepted when they fit. Blocking: each Admin call waits at
 * most the given timeout. The {@link Admin} belongs to the caller.
 */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final long METADATA_RETRY_MILLIS = 100;

    private final Admin admin;
    private final TopicNames names;
    private final TopicSettings settings;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, TopicNames names, TopicSettings settings, Duration timeout) {
        this.admin = admin;
        this.names = names;
        this.settings = settings;
        this.timeout = timeout;
    }

    /** Errors, control and status topics. */
    public ProvisioningReport ensureShared() {
        return ensure(TopicPlan.shared(names));
    }

    public ProvisioningReport ensureModel(String model) {
        return ensure(TopicPlan.model(names, model));
    }

    public ProvisioningReport ensurePipeline(String pipeline) {
        return ensure(TopicPlan.pipeline(names, pipeline));
    }

    /**
     * Checks replication against the broker, creates the missing topics and checks the existing
     * ones.
     *
     * @throws TopicProvisioningException naming every problem found, one line
     */
    public ProvisioningReport ensure(Collection<TopicPlan> plans) {
        ReplicationCheck check = checkReplication();
        List<String> warnings = new ArrayList<>(check.warnings());
        List<String> problems = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();

        Map<String, TopicPlan> byName = new LinkedHashMap<>();
        plans.forEach(plan -> byName.put(plan.name(), plan));
        Map<String, Throwable> limitRefused = create(byName.values(), settings, created, existing, problems);
        if (!limitRefused.isEmpty()) {
            // a managed cluster caps max.message.bytes (Confluent Cloud, MSK, Event Hubs): the topic is still needed
            create(limitRefused.keySet().stream().map(byName::get).toList(), settings.withoutMaxMessageBytes(),
                    created, existing, problems);
            Throwable cause = limitRefused.values().iterator().next();
            warnings.add("the cluster refused max.message.bytes=" + settings.maxMessageBytes().getAsInt() + " ("
                    + TopicSettings.MAX_MESSAGE_BYTES_VARIABLE + ") for new topics " + limitRefused.keySet() + " ("
                    + describe(cause) + "); they were created with the cluster's default instead, so the broker refuses"
                    + " larger records (the ingress answers 413): set " + TopicSettings.MAX_MESSAGE_BYTES_VARIABLE
                    + " to at most the cluster's limit");
        }
        if (!existing.isEmpty()) {
            checkExisting(existing, byName, problems, warnings);
        }
        if (!created.isEmpty()) {
            LOG.infof("Created Kafka topics %s with %d partition(s), replication factor %d",
                    created, settings.partitions(), settings.replicationFactor());
        }
        warnings.forEach(LOG::warn);
        if (!problems.isEmpty()) {
            throw new TopicProvisioningException(problems);
        }
        return new ProvisioningReport(created, existing, warnings);
    }

    /**
     * Compares the replication factor with the number of brokers and with the broker's
     * {@code min.insync.replicas}.
     *
     * @throws TopicProvisioningException when topics created with this replication factor could
     *     not be created, or could not be written with {@code acks=all}
     */
    public ReplicationCheck checkReplication() {
        short replicationFactor = settings.replicationFactor();
        Collection<Node> nodes = get(admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs())).nodes(),
                "describing the Kafka cluster");
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (replicationFactor > nodes.size()) {
            problems.add(TopicSettings.REPLICATION_VARIABLE + "=" + replicationFactor + " but the Kafka cluster has "
                    + nodes.size() + " broker(s): a topic cannot have more replicas than there are brokers;"
                    + " set " + TopicSettings.REPLICATION_VARIABLE + " to at most " + nodes.size());
        }
        OptionalInt minInsync = minInsyncReplicas(nodes, warnings);
        if (minInsync.isPresent() && replicationFactor < minInsync.getAsInt()) {
            problems.add(TopicSettings.REPLICATION_VARIABLE + "=" + replicationFactor + " is below the broker's"
                    + " min.insync.replicas=" + minInsync.getAsInt() + ": producers using acks=all (as these services"
                    + " do) would fail every write with NotEnoughReplicasException; set "
                    + TopicSettings.REPLICATION_VARIABLE + " to at least " + minInsync.getAsInt()
                    + " or lower min.insync.replicas");
        } else if (minInsync.isPresent() && replicationFactor == minInsync.getAsInt() && replicationFactor > 1) {
            warnings.add(TopicSettings.REPLICATION_VARIABLE + "=" + replicationFactor + " equals min.insync.replicas="
                    + minInsync.getAsInt() + ": while any one replica's broker is down, writes with acks=all fail;"
                    + " a replication factor of " + (replicationFactor + 1) + " tolerates one broker down");
        }
        if (!problems.isEmpty()) {
            throw new TopicProvisioningException(problems);
        }
        return new ReplicationCheck(nodes.size(), minInsync, warnings);
    }

    private OptionalInt minInsyncReplicas(Collection<Node> nodes, List<String> warnings) {
        if (settings.minInsyncReplicas().isPresent()) {
            return settings.minInsyncReplicas();
        }
        if (nodes.isEmpty()) {
            return OptionalInt.empty();
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
        try {
            Map<ConfigResource, Config> configs = await(admin.describeConfigs(List.of(broker),
                    new DescribeConfigsOptions().timeoutMs(timeoutMs())).all(), "reading the broker configuration");
            ConfigEntry entry = configs.get(broker).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            return entry == null || entry.value() == null ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(entry.value()));
        } catch (ExecutionException e) {
            // Managed clusters often deny DescribeConfigs on the cluster; that must not stop a service.
            warnings.add("could not read the broker's min.insync.replicas (" + describe(e.getCause()) + "), so "
                    + TopicSettings.REPLICATION_VARIABLE + "=" + settings.replicationFactor()
                    + " was not checked against it");
            return OptionalInt.empty();
        }
    }

    /**
     * Creates the topics, sorting each into created, existing or a problem.
     *
     * @return the topics refused only for their {@code max.message.bytes}, with the reason
     */
    private Map<String, Throwable> create(Collection<TopicPlan> plans, TopicSettings with, List<String> created,
                                          List<String> existing, List<String> problems) {
        Map<String, Throwable> limitRefused = new LinkedHashMap<>();
        Map<String, KafkaFuture<Void>> creations = admin.createTopics(
                plans.stream().map(plan -> newTopic(plan, with)).toList(),
                new CreateTopicsOptions().timeoutMs(timeoutMs())).values();
        for (var creation : creations.entrySet()) {
            try {
                await(creation.getValue(), "creating topic '" + creation.getKey() + "'");
                created.add(creation.getKey());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TopicExistsException) {
                    existing.add(creation.getKey());
                } else if (with.maxMessageBytes().isPresent() && (cause instanceof PolicyViolationException
                        || cause instanceof InvalidConfigurationException)) {
                    limitRefused.put(creation.getKey(), cause);
                } else {
                    problems.add(creationProblem(creation.getKey(), cause));
                }
            }
        }
        return limitRefused;
    }

    private void checkExisting(List<String> existing, Map<String, TopicPlan> plans, List<String> problems,
                               List<String> warnings) {
        Map<String, TopicDescription> descriptions = getOnceKnown(() -> admin.describeTopics(existing,
                new DescribeTopicsOptions().timeoutMs(timeoutMs())).allTopicNames(), "describing existing topics");
        List<ConfigResource> compacted = new ArrayList<>();
        List<ConfigResource> streams = new ArrayList<>();
        for (String topic : existing) {
            int partitions = descriptions.get(topic).partitions().size();
            boolean stream = !plans.get(topic).compacted();
            if (partitions < settings.partitions() && stream) {
                // Replies go to the partition number the request came from; a missing partition drops them.
                problems.add("topic '" + topic + "' exists with " + partitions + " partition(s) but "
                        + TopicSettings.PARTITIONS_VARIABLE + "=" + settings.partitions() + ": requests routed to"
                        + " partitions " + partitions + ".." + (settings.partitions() - 1) + " would fail; add"
                        + " partitions to the topic or set " + TopicSettings.PARTITIONS_VARIABLE + "=" + partitions);
            } else if (partitions != settings.partitions()) {
                warnings.add("topic '" + topic + "' exists with " + partitions + " partition(s) while "
                        + TopicSettings.PARTITIONS_VARIABLE + "=" + settings.partitions() + "; it is used as it is");
            }
            (stream ? streams : compacted).add(new ConfigResource(ConfigResource.Type.TOPIC, topic));
        }
        List<ConfigResource> limitChecked = settings.maxMessageBytes().isPresent() ? streams : List.of();
        if (compacted.isEmpty() && limitChecked.isEmpty()) {
            return;
        }
        // one request for both checks
        List<ConfigResource> described = new ArrayList<>(compacted);
        described.addAll(limitChecked);
        Map<ConfigResource, Config> configs = getOnceKnown(() -> admin.describeConfigs(described,
                new DescribeConfigsOptions().timeoutMs(timeoutMs())).all(), "reading topic configurations");
        checkRetention(compacted, configs, problems);
        settings.maxMessageBytes().ifPresent(limit -> checkRecordLimit(limitChecked, configs, limit, warnings));
    }

    /** Existing data topics that take smaller records than the clients may send: said once, per limit found. */
    private static void checkRecordLimit(List<ConfigResource> topics, Map<ConfigResource, Config> configs,
                                         int clientLimit, List<String> warnings) {
        Map<String, List<String>> smallerByLimit = new TreeMap<>();
        for (ConfigResource topic : topics) {
            String limit = value(configs.get(topic), TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (limit.matches("[0-9]+") && Long.parseLong(limit) < clientLimit) {
                smallerByLimit.computeIfAbsent(limit, key -> new ArrayList<>()).add(topic.name());
            }
        }
        smallerByLimit.forEach((limit, names) -> warnings.add("topics " + names + " take records up to " + limit
                + " bytes (their max.message.bytes) while " + TopicSettings.MAX_MESSAGE_BYTES_VARIABLE + "="
                + clientLimit + ": the broker refuses larger ones (the ingress answers 413); raise the topics'"
                + " max.message.bytes (kafka-configs --alter --entity-type topics --add-config max.message.bytes="
                + clientLimit + ") or set " + TopicSettings.MAX_MESSAGE_BYTES_VARIABLE + "=" + limit));
    }

    private static void checkRetention(List<ConfigResource> topics, Map<ConfigResource, Config> configs,
                                       List<String> problems) {
        for (ConfigResource topic : topics) {
            Config config = configs.get(topic);
            String policy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG);
            String retention = value(config, TopicConfig.RETENTION_MS_CONFIG);
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) && !"-1".equals(retention)) {
                problems.add("topic '" + topic.name() + "' has cleanup.policy=" + policy + " and retention.ms="
                        + retention + ": it holds the latest spec or status per key, which would be deleted after"
                        + " the retention time; set cleanup.policy=compact on it");
            }
        }
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.value() == null ? "" : entry.value();
    }

    private static NewTopic newTopic(TopicPlan plan, TopicSettings with) {
        Map<String, String> configs = new HashMap<>(with.topicConfigs());
        if (plan.compacted()) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return new NewTopic(plan.name(), with.partitions(), with.replicationFactor()).configs(configs);
    }

    private String creationProblem(String topic, Throwable cause) {
        if (cause instanceof AuthorizationException) {
            return "not allowed to create topic '" + topic + "' (" + describe(cause) + "): grant CREATE and DESCRIBE"
                    + " on topics with prefix '" + names.prefix() + "." + names.namespace() + ".' to this principal,"
                    + " or create the topic beforehand";
        }
        return "could not create topic '" + topic + "': " + describe(cause);
    }

    private static String describe(Throwable cause) {
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /**
     * Like {@link #get}, for topics that exist: one created a moment ago (by another replica of a
     * service, racing this one) can be unknown to the broker that answers until its metadata
     * arrives, so that answer is retried until the timeout.
     */
    private <T> T getOnceKnown(Supplier<KafkaFuture<T>> call, String action) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return await(call.get(), action);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new TopicProvisioningException("Kafka refused " + action + ": " + describe(e.getCause()),
                            e.getCause());
                }
            }
            try {
                Thread.sleep(METADATA_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while " + action, e);
            }
        }
    }

    /** Waits for a future whose failure is a problem in itself (not one to sort per topic). */
    private <T> T get(KafkaFuture<T> future, String action) {
        try {
            return await(future, action);
        } catch (ExecutionException e) {
            throw new TopicProvisioningException("Kafka refused " + action + ": " + describe(e.getCause()), e.getCause());
        }
    }

    private <T> T await(KafkaFuture<T> future, String action) throws ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unanswered(action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while " + action, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unanswered(action, e.getCause());
            }
            throw e;
        }
    }

    private TopicProvisioningException unanswered(String action, Throwable cause) {
        return new TopicProvisioningException("Kafka did not answer within " + timeout.toSeconds() + "s while "
                + action + ": check KAFKA_BOOTSTRAP_SERVERS and that the brokers are reachable", cause);
    }

    private int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public String toString() {
        return "TopicProvisioner[" + names + ", " + settings + "]";
    }
}
