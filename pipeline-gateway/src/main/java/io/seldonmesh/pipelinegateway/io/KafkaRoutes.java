package io.seldonmesh.pipelinegateway.io;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.TopicProvisioner;
import io.seldonmesh.common.kafka.TopicProvisioningException;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.core.Route;
import io.seldonmesh.pipelinegateway.core.Routes;
import io.seldonmesh.pipelinegateway.core.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

/**
 * Routes from Kafka: on the first request to a model or pipeline its topics are created if missing (a spec
 * written to the control topic by someone else still gets them), described (partitions, the topic's own
 * size limit), and the reply listener starts reading its outputs topic. Later requests find the route cached;
 * a failed lookup is retried by the next request.
 */
public final class KafkaRoutes implements Routes {

    private static final Logger LOG = Logger.getLogger(KafkaRoutes.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final TopicProvisioner provisioner;
    private final TopicNames names;
    private final ReplyListener listener;
    private final long clientLimitBytes;
    private final Executor blocking;
    private final KafkaErrorExplainer explainer;
    private final Map<Target, CompletableFuture<Route>> routes = new ConcurrentHashMap<>();

    /**
     * @param clientLimitBytes {@code KAFKA_MESSAGE_MAX_BYTES}, the producer's own limit
     * @param blocking where the blocking Admin calls run
     */
    public KafkaRoutes(Admin admin, TopicProvisioner provisioner, TopicNames names, ReplyListener listener,
                       long clientLimitBytes, Executor blocking, KafkaErrorExplainer explainer) {
        this.admin = admin;
        this.provisioner = provisioner;
        this.names = names;
        this.listener = listener;
        this.clientLimitBytes = clientLimitBytes;
        this.blocking = blocking;
        this.explainer = explainer;
    }

    @Override
    public CompletableFuture<Route> route(Target target) {
        CompletableFuture<Route> known = routes.get(target);
        if (known != null && !known.isCompletedExceptionally()) {
            return known;
        }
        CompletableFuture<Route> fresh = new CompletableFuture<>();
        CompletableFuture<Route> chosen = routes.compute(target,
                (t, existing) -> existing == null || existing.isCompletedExceptionally() ? fresh : existing);
        if (chosen == fresh) {
            CompletableFuture.supplyAsync(() -> describe(target), blocking)
                    .thenCompose(route -> listener.listen(route.outputsTopic(), route.partitions()).thenApply(v -> route))
                    .orTimeout(ROUTE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((route, error) -> {
                        if (error == null) {
                            LOG.infof("route to %s: %s -> %s, %d partition(s), records up to %d bytes (%s)", target,
                                    route.inputsTopic(), route.outputsTopic(), route.partitions(),
                                    route.maxRecordBytes(), route.limitName());
                            fresh.complete(route);
                        } else {
                            fresh.completeExceptionally(failure(target, error));
                        }
                    });
        }
        return chosen;
    }

    /** Forgets the route to a deleted model or pipeline; a later request looks it up again. */
    public void forget(Target target) {
        CompletableFuture<Route> known = routes.remove(target);
        if (known != null && known.isDone() && !known.isCompletedExceptionally()) {
            listener.forget(known.join().outputsTopic());
        }
    }

    private Route describe(Target target) {
        String inputs;
        String outputs;
        try {
            if (target.isPipeline()) {
                inputs = names.pipelineInputs(target.name());
                outputs = names.pipelineOutputs(target.name());
                provisioner.ensurePipeline(target.name());
            } else {
                inputs = names.modelInputs(target.name());
                outputs = names.modelOutputs(target.name());
                provisioner.ensureModel(target.name());
            }
        } catch (IllegalArgumentException badName) {
            throw new InferenceFailure(InferenceFailure.Reason.INVALID_REQUEST, badName.getMessage());
        }
        Map<String, TopicDescription> topics = await(admin.describeTopics(List.of(inputs, outputs)).allTopicNames()
                .toCompletionStage().toCompletableFuture(), "describing " + inputs + " and " + outputs,
                AclOperation.DESCRIBE, inputs);
        int partitions = Math.min(topics.get(inputs).partitions().size(), topics.get(outputs).partitions().size());
        long limit = clientLimitBytes;
        String limitName = "KAFKA_MESSAGE_MAX_BYTES";
        long topicLimit = topicLimit(inputs);
        if (topicLimit < limit) {
            limit = topicLimit;
            limitName = "max.message.bytes of topic " + inputs;
        }
        return new Route(inputs, outputs, partitions, limit, limitName, outputs + " or " + names.errors());
    }

    /** The topic's own record limit; unlimited when the principal may not read topic configurations. */
    private long topicLimit(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Map<ConfigResource, Config> configs = await(admin.describeConfigs(List.of(resource)).all()
                    .toCompletionStage().toCompletableFuture(), "reading the configuration of " + topic,
                    AclOperation.DESCRIBE_CONFIGS, topic);
            ConfigEntry entry = configs.get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? Long.MAX_VALUE : Long.parseLong(entry.value());
        } catch (InferenceFailure refused) {
            LOG.warnf("could not read max.message.bytes of %s (%s); only KAFKA_MESSAGE_MAX_BYTES is checked",
                    topic, refused.getMessage());
            return Long.MAX_VALUE;
        }
    }

    private <T> T await(CompletableFuture<T> future, String action, AclOperation operation, String topic) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new InferenceFailure(InferenceFailure.Reason.NOT_READY, "Kafka refused " + action + ": "
                    + explainer.explain(e.getCause(), operation, topic), e.getCause());
        } catch (TimeoutException e) {
            throw new InferenceFailure(InferenceFailure.Reason.NOT_READY, "Kafka did not answer within "
                    + ADMIN_TIMEOUT.toSeconds() + " s while " + action + "; check that the brokers are reachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceFailure(InferenceFailure.Reason.NOT_READY, "interrupted while " + action);
        }
    }

    private static InferenceFailure failure(Target target, Throwable error) {
        Throwable cause = InferenceFailure.unwrap(error);
        if (cause instanceof InferenceFailure failure) {
            return failure;
        }
        if (cause instanceof TopicProvisioningException provisioning) {
            return new InferenceFailure(InferenceFailure.Reason.NOT_READY, "the topics of " + target
                    + " are not usable: " + provisioning.getMessage(), provisioning);
        }
        if (cause instanceof TimeoutException) {
            return new InferenceFailure(InferenceFailure.Reason.NOT_READY, "the gateway could not start reading the"
                    + " answers of " + target + " within " + ROUTE_TIMEOUT.toSeconds() + " s; check that the Kafka"
                    + " brokers are reachable");
        }
        return new InferenceFailure(InferenceFailure.Reason.NOT_READY, "the topics of " + target
                + " could not be looked up: " + cause, cause);
    }
}
