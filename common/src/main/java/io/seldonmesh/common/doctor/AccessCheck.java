package io.seldonmesh.common.doctor;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The access layer: asks the brokers which operations the service's principal may perform on what it needs
 * (describe calls with {@code includeAuthorizedOperations}: nothing is written, read or created), and names every
 * missing grant with the {@code kafka-acls.sh} line that adds it.
 */
final class AccessCheck {

    static final String LAYER = "access";
    private static final int TIMEOUT_MS = 15_000;
    /** Operations Kafka grants along with each of these (its implication rules), so they are not reported missing. */
    private static final Set<AclOperation> IMPLY_DESCRIBE = EnumSet.of(AclOperation.READ, AclOperation.WRITE,
            AclOperation.DELETE, AclOperation.ALTER);

    private AccessCheck() {
    }

    static List<Finding> examine(SeldonKafkaSettings settings, List<Access> needs) {
        KafkaErrorExplainer explainer = new KafkaErrorExplainer(settings);
        List<Finding> findings = new ArrayList<>();
        try (Admin admin = new KafkaClientFactory(settings).admin(Map.of("client.id", "seldon-kafka-doctor",
                "request.timeout.ms", 5000, "default.api.timeout.ms", TIMEOUT_MS))) {
            for (Access need : needs) {
                findings.add(examine(admin, need, explainer));
            }
        }
        return findings;
    }

    private static Finding examine(Admin admin, Access need, KafkaErrorExplainer explainer) {
        String what = describe(need);
        try {
            Set<AclOperation> granted = granted(admin, need);
            Set<AclOperation> missing = new TreeSet<>(need.operations());
            missing.removeIf(operation -> allowed(operation, granted));
            if (missing.isEmpty()) {
                return Finding.ok(LAYER, what + ": " + operations(need.operations()) + " (" + need.why() + ")");
            }
            return Finding.fail(LAYER, explainer.principal() + " may not " + operations(missing) + " " + what
                    + ", which the service needs (" + need.why() + "): " + grant(need, missing, explainer));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Finding.warn(LAYER, what + " does not exist yet; the services create it (" + need.why() + ")");
            }
            if (e.getCause() instanceof AuthorizationException) {
                return Finding.fail(LAYER, explainer.principal() + " may not even describe " + what + " ("
                        + need.why() + "): " + grant(need, need.operations(), explainer));
            }
            return Finding.fail(LAYER, "could not ask about " + what + ": " + explainer.explain(e.getCause(),
                    AclOperation.DESCRIBE));
        } catch (TimeoutException e) {
            return Finding.fail(LAYER, "no answer about " + what + " within " + TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.fail(LAYER, "interrupted");
        }
    }

    private static Set<AclOperation> granted(Admin admin, Access need)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<AclOperation> granted = switch (need.type()) {
            case TOPIC -> admin.describeTopics(List.of(need.name()), new DescribeTopicsOptions()
                            .includeAuthorizedOperations(true)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .get(need.name()).authorizedOperations();
            case GROUP -> admin.describeConsumerGroups(List.of(need.name()), new DescribeConsumerGroupsOptions()
                            .includeAuthorizedOperations(true)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .get(need.name()).authorizedOperations();
            case CLUSTER -> admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true))
                    .authorizedOperations().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            default -> throw new IllegalArgumentException("the doctor checks topics, groups and the cluster, not "
                    + need.type());
        };
        // A broker without an authorizer answers nothing here: everything is allowed.
        return granted == null ? EnumSet.of(AclOperation.ALL) : granted;
    }

    private static boolean allowed(AclOperation operation, Set<AclOperation> granted) {
        if (granted.contains(AclOperation.ALL) || granted.contains(operation)) {
            return true;
        }
        return operation == AclOperation.DESCRIBE && granted.stream().anyMatch(IMPLY_DESCRIBE::contains);
    }

    private static String describe(Access need) {
        return switch (need.type()) {
            case TOPIC -> "topic " + need.name();
            case GROUP -> "consumer group " + need.name();
            default -> "the cluster";
        };
    }

    private static String operations(Set<AclOperation> operations) {
        return String.join(", ", operations.stream().map(operation -> operation.name().toLowerCase(Locale.ROOT))
                .sorted().toList());
    }

    private static String grant(Access need, Set<AclOperation> operations, KafkaErrorExplainer explainer) {
        String resource = switch (need.type()) {
            case TOPIC -> "--topic " + need.name();
            case GROUP -> "--group " + need.name();
            default -> "--cluster";
        };
        return explainer.grant(operations.stream().sorted().map(AclOperation::name).toList(), resource);
    }
}
