package io.seldonmesh.common.doctor;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicPlan;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * The Kafka layers, through the same factory the services use: does the client authenticate, and does the cluster
 * answer {@code describeCluster} with enough brokers for the configured replication factor.
 */
final class ClusterCheck {

    static final String AUTHENTICATION = "authentication";
    static final String CLUSTER = "cluster";
    static final String TOPICS = "topics";
    private static final int TIMEOUT_MS = 15_000;

    private ClusterCheck() {
    }

    static List<Finding> examine(SeldonKafkaSettings settings) {
        KafkaErrorExplainer explainer = new KafkaErrorExplainer(settings);
        List<Finding> findings = new ArrayList<>();
        Map<String, Object> quick = Map.of(
                "client.id", "seldon-kafka-doctor",
                "request.timeout.ms", 5000,
                "default.api.timeout.ms", TIMEOUT_MS,
                "reconnect.backoff.max.ms", 1000);
        try (Admin admin = new KafkaClientFactory(settings).admin(quick)) {
            DescribeClusterResult cluster = admin.describeCluster();
            String clusterId = cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Collection<Node> nodes = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            findings.add(Finding.ok(AUTHENTICATION, authenticated(settings, explainer)));
            Finding clusterFinding = clusterFinding(settings, clusterId, nodes.size());
            findings.add(clusterFinding);
            if (clusterFinding.verdict() != Finding.Verdict.FAIL) {
                findings.add(topics(admin, settings, explainer));
            }
        } catch (ExecutionException e) {
            boolean authentication = e.getCause() instanceof AuthenticationException;
            findings.add(Finding.fail(authentication ? AUTHENTICATION : CLUSTER, explainer.explain(e, AclOperation.DESCRIBE)));
        } catch (TimeoutException e) {
            findings.add(Finding.fail(CLUSTER, "no answer to describeCluster from " + settings.bootstrapServers() + " within "
                    + TIMEOUT_MS + " ms although TCP connects: check that " + SeldonKafkaSettings.KAFKA_SECURITY_PROTOCOL
                    + "=" + settings.securityProtocol().name + " is the protocol of that listener and that the brokers' advertised "
                    + "listeners resolve and connect from this pod"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            findings.add(Finding.fail(CLUSTER, "interrupted"));
        }
        return findings;
    }

    static Finding clusterFinding(SeldonKafkaSettings settings, String clusterId, int brokers) {
        String seen = "cluster " + clusterId + " with " + brokers + (brokers == 1 ? " broker" : " brokers");
        if (settings.topicReplicationFactor() > brokers) {
            return Finding.fail(CLUSTER, seen + ", fewer than " + SeldonKafkaSettings.KAFKA_TOPICS_REPLICATION_FACTOR + "="
                    + settings.topicReplicationFactor() + ": topic creation will fail; set it to at most " + brokers);
        }
        return Finding.ok(CLUSTER, seen);
    }

    private static Finding topics(Admin admin, SeldonKafkaSettings settings, KafkaErrorExplainer explainer) {
        try {
            return topicsFinding(settings, admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return Finding.warn(TOPICS, "the topics could not be listed: " + explainer.explain(e, AclOperation.DESCRIBE));
        } catch (TimeoutException e) {
            return Finding.warn(TOPICS, "the topics could not be listed within " + TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.warn(TOPICS, "interrupted");
        }
    }

    /**
     * The topics the cluster has (those this principal may describe), with this deployment's fixed ones it will create at start-up, against
     * {@code KAFKA_TOPICS_QUOTA}: a WARN while the next Model or Pipeline (two topics each, as in Seldon) would pass it.
     */
    static Finding topicsFinding(SeldonKafkaSettings settings, Set<String> existing) {
        TopicNames names = TopicNames.from(settings);
        long toCreate = TopicPlan.shared(names).stream().map(TopicPlan::name).filter(topic -> !existing.contains(topic))
                .count();
        String ours = names.prefix() + "." + names.namespace() + ".";
        long deployment = existing.stream().filter(topic -> topic.startsWith(ours)).count();
        long total = existing.size() + toCreate;
        String seen = existing.size() + " topics visible, " + deployment + " of them " + ours + "*"
                + (toCreate == 0 ? "" : "; " + toCreate + " more to create at start-up (errors, control, status)")
                + "; each Model and Pipeline adds 2 (its inputs and outputs), a pipeline's joins a changelog each";
        int quota = settings.topicsQuota();
        if (quota == 0) {
            return Finding.ok(TOPICS, seen);
        }
        if (total + 2 > quota) {
            return Finding.warn(TOPICS, seen + ": with " + total + " of " + SeldonKafkaSettings.KAFKA_TOPICS_QUOTA + "="
                    + quota + " used, the next Model or Pipeline" + (total > quota ? " cannot get its topics (the"
                    + " quota is passed already)" : " would pass the quota and its topics could not be created")
                    + "; move to a tier with more topics (Event Hubs Standard allows 10 per namespace, Premium and"
                    + " Dedicated far more), delete unused Models and Pipelines (spec.dataflow.cleanTopicsOnDelete), or"
                    + " use one Kafka namespace per few models");
        }
        return Finding.ok(TOPICS, seen + "; " + total + " of " + SeldonKafkaSettings.KAFKA_TOPICS_QUOTA + "=" + quota);
    }

    private static String authenticated(SeldonKafkaSettings settings, KafkaErrorExplainer explainer) {
        return switch (settings.securityProtocol()) {
            case PLAINTEXT, SSL -> settings.tls().map(t -> t.mutual()).orElse(false)
                    ? "as " + explainer.principal() + " (client certificate)"
                    : "none configured (" + settings.securityProtocol().name + "): the brokers see " + explainer.principal();
            case SASL_SSL, SASL_PLAINTEXT -> "as " + explainer.principal() + " with "
                    + settings.saslMechanism().orElseThrow().kafkaName();
        };
    }
}
