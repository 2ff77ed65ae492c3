package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.kafka.ConsumerGroups;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.modelgateway.core.ModelRoute;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The model input consumers, one per bucket in use: like Seldon's model gateway, each model is served by consumer
 * {@code hash(model) mod MODELGATEWAY_MAX_NUM_CONSUMERS}, whose group id ({@code seldon-modelgateway-<n>}) every
 * replica of the gateway shares, so replicas split a model's partitions between them and a model keeps its group
 * (and committed offsets) across restarts. Consumers are created when a model first needs them and stay.
 */
final class ConsumerPool {

    private final TopicNames topics;
    private final int maxConsumers;
    private final RouteTable routes;
    private final Function<String, ModelInputConsumer> create;
    private final Map<Integer, ModelInputConsumer> consumers = new TreeMap<>();

    /**
     * @param create makes (not starts) the consumer of the bucket of the model given
     */
    ConsumerPool(TopicNames topics, int maxConsumers, RouteTable routes, Function<String, ModelInputConsumer> create) {
        this.topics = topics;
        this.maxConsumers = maxConsumers;
        this.routes = routes;
        this.create = create;
    }

    /** Serve exactly these models from now on. Called by the one thread that follows model status. */
    synchronized void serve(Map<String, ModelRoute> served) {
        routes.update(served);
        Map<Integer, Set<String>> inputsByBucket = new HashMap<>();
        for (String model : served.keySet()) {
            int bucket = ConsumerGroups.bucketFor(model, maxConsumers);
            inputsByBucket.computeIfAbsent(bucket, b -> new HashSet<>()).add(topics.modelInputs(model));
            consumers.computeIfAbsent(bucket, b -> {
                ModelInputConsumer consumer = create.apply(model);
                consumer.start();
                return consumer;
            });
        }
        consumers.forEach((bucket, consumer) -> consumer.subscribe(inputsByBucket.getOrDefault(bucket, Set.of())));
    }

    /** What keeps answers from being written, each problem once; empty when they are. */
    synchronized List<String> problems() {
        return consumers.values().stream().map(ModelInputConsumer::problem).flatMap(Optional::stream).distinct()
                .toList();
    }

    /** Consumer threads that died; empty when all run. */
    synchronized Set<String> stopped() {
        Set<String> stopped = new HashSet<>();
        consumers.values().forEach(consumer -> {
            if (!consumer.isAlive()) {
                stopped.add(consumer.groupId());
            }
        });
        return stopped;
    }

    synchronized void stop() {
        consumers.values().forEach(ModelInputConsumer::requestStop);
        consumers.values().forEach(ModelInputConsumer::awaitStop);
    }
}
