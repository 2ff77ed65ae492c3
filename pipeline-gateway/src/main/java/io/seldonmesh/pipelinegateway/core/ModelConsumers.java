package io.seldonmesh.pipelinegateway.core;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a model-gateway is consuming each Available model's inputs topic, from what Kafka says of model-gateway's
 * consumer groups: a model whose server has it loaded still cannot answer when no model-gateway reads its requests
 * (killed, crash-looping, stuck before subscribing), and a caller should hear that at once (503 with the reason)
 * rather than after its timeout.
 *
 * <p>Two things keep it from crying wolf. A group in the middle of a rebalance says nothing (the previous
 * observation stands): its members hold no partitions for a moment by design. And a model that became Available
 * less than {@code grace} ago is given that long for a model-gateway to subscribe to it; its requests wait as
 * before. Nothing observed (the check is off, or Kafka refused to describe the groups) is no problem: this only
 * ever adds a reason not to be ready.
 */
public final class ModelConsumers {

    /** What Kafka said of a model-gateway consumer group, reduced to what the decision needs. */
    public record GroupView(String groupId, Kind kind, int members, Set<String> assignedTopics) {

        public enum Kind {
            /** Members hold their partitions. */
            STABLE,
            /** No member: nobody runs this group's consumer. */
            EMPTY,
            /** Members are being (re)assigned partitions: holds nothing reliable. */
            REBALANCING
        }
    }

    private record Observation(String problem, long sinceMillis) {
    }

    private final Duration grace;
    private final Map<String, Long> availableSince = new ConcurrentHashMap<>();
    private final Map<String, Observation> observations = new ConcurrentHashMap<>();
    private final Map<String, Long> lag = new ConcurrentHashMap<>();

    public ModelConsumers(Duration grace) {
        this.grace = grace;
    }

    /** No check: every model is taken to be consumed (tests of the ingress alone, the check turned off). */
    public static ModelConsumers unchecked() {
        return new ModelConsumers(Duration.ZERO);
    }

    /**
     * Records what a check saw for one Available model.
     *
     * @param inputsTopic the model's inputs topic
     * @param group       its model-gateway consumer group as Kafka described it
     */
    public void observe(String model, String inputsTopic, GroupView group, long nowMillis) {
        availableSince.putIfAbsent(model, nowMillis);
        switch (group.kind()) {
            case REBALANCING -> {
            }
            case EMPTY -> observations.put(model, new Observation("no model-gateway is in its consumer group '"
                    + group.groupId() + "' (the group is empty), so nothing reads " + inputsTopic + ": start"
                    + " model-gateway, or look at its log for why it stopped", nowMillis));
            case STABLE -> {
                if (group.assignedTopics().contains(inputsTopic)) {
                    observations.remove(model);
                } else {
                    observations.put(model, new Observation("none of the " + group.members() + " model-gateway"
                            + " consumer(s) in group '" + group.groupId() + "' reads " + inputsTopic + " (model-gateway"
                            + " subscribes to a model once it sees it Available: look at its log)", nowMillis));
                }
            }
        }
    }

    /** The models checked this round; those not among them are no longer Available and start afresh next time. */
    public void retainOnly(Set<String> availableModels) {
        availableSince.keySet().retainAll(availableModels);
        observations.keySet().retainAll(availableModels);
        lag.keySet().retainAll(availableModels);
    }

    /** Forgets every observation: the groups could not be described, so nothing is known. */
    public void forget() {
        observations.clear();
        lag.clear();
    }

    /**
     * Records the model's consumer lag as last measured: records on its inputs topic past what its model-gateway
     * group has committed; empty forgets it (the measure failed).
     */
    public void lag(String model, OptionalLong records) {
        if (records.isPresent()) {
            lag.put(model, records.getAsLong());
        } else {
            lag.remove(model);
        }
    }

    /** The model's consumer lag as last measured; empty when it was not (not Available, check off, refused). */
    public OptionalLong lag(String model) {
        Long records = lag.get(model);
        return records == null ? OptionalLong.empty() : OptionalLong.of(records);
    }

    /** Why {@code model}, though Available, cannot be served now; empty when it can or nothing is known. */
    public Optional<String> problem(String model, long nowMillis) {
        Observation observation = observations.get(model);
        if (observation == null) {
            return Optional.empty();
        }
        Long since = availableSince.get(model);
        if (since == null || nowMillis - since < grace.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(observation.problem());
    }
}
