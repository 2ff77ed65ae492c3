package io.seldonmesh.common.doctor;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
            findings.add(clusterFinding(settings, clusterId, nodes.size()));
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
