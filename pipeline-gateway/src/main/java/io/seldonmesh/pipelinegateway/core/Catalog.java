package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.common.status.ModelStatusTable;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.common.status.PipelineStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this gateway knows of the declared models and pipelines and of their state: the latest record of each
 * key on the control and status topics. It decides readiness: a model is ready when a replica is
 * Available (common's {@link ModelStatusTable}, as in model-gateway) and a model-gateway reads its requests
 * ({@link ModelConsumers}); a pipeline when its status is Ready and every model its steps run is ready.
 */
public final class Catalog {

    private final ModelConsumers consumers;

    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final Map<String, Pipeline> pipelines = new ConcurrentHashMap<>();
    private final Map<String, Long> pipelineVersions = new ConcurrentHashMap<>();
    private final ModelStatusTable modelStatuses = new ModelStatusTable();
    private final Map<String, PipelineStatus> pipelineStatuses = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    /** A catalog whose models need no model-gateway to be ready (tests of the ingress alone). */
    public Catalog() {
        this(ModelConsumers.unchecked());
    }

    public Catalog(ModelConsumers consumers) {
        this.consumers = consumers;
    }

    /** What is known of the model-gateways reading each model's requests. */
    public ModelConsumers consumers() {
        return consumers;
    }

    /** The models with at least one Available replica. */
    public List<String> availableModels() {
        return modelStatuses.models().stream().filter(modelStatuses::available).sorted().toList();
    }

    public void putModel(Model model) {
        models.put(model.name(), model);
    }

    public void removeModel(String name) {
        models.remove(name);
    }

    public void putPipeline(Pipeline pipeline) {
        pipelines.put(pipeline.name(), pipeline);
    }

    /** @param version the spec's version: the number its dataflow records carry in {@code x-pipeline-version} */
    public void putPipeline(Pipeline pipeline, long version) {
        pipelines.put(pipeline.name(), pipeline);
        pipelineVersions.put(pipeline.name(), version);
    }

    public void removePipeline(String name) {
        pipelines.remove(name);
        pipelineVersions.remove(name);
    }

    /** The version of the latest spec, when known. */
    public Optional<Long> pipelineVersion(String name) {
        return Optional.ofNullable(pipelineVersions.get(name));
    }

    /** A record of the model status topic; a null status is a tombstone (the replica is gone). */
    public void putModelStatus(ModelStatusKey key, ModelStatus status) {
        modelStatuses.put(key, status);
    }


    public void putPipelineStatus(String pipeline, PipelineStatus status) {
        pipelineStatuses.put(pipeline, status);
    }

    public void removePipelineStatus(String pipeline) {
        pipelineStatuses.remove(pipeline);
    }

    /** Called once the control and status topics have been read up to where they ended at start-up. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    public Optional<Model> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public Optional<Pipeline> pipeline(String name) {
        return Optional.ofNullable(pipelines.get(name));
    }

    /** Status per replica, by replica id; empty when no model server has reported. */
    public SortedMap<String, ModelStatus> modelStatus(String name) {
        return modelStatuses.replicas(name);
    }

    public Optional<PipelineStatus> pipelineStatus(String name) {
        return Optional.ofNullable(pipelineStatuses.get(name));
    }

    public List<String> modelNames() {
        TreeSet<String> names = new TreeSet<>(models.keySet());
        names.addAll(modelStatuses.models());
        return List.copyOf(names);
    }

    public List<String> pipelineNames() {
        TreeSet<String> names = new TreeSet<>(pipelines.keySet());
        names.addAll(pipelineStatuses.keySet());
        return List.copyOf(names);
    }

    public Availability availability(Target target) {
        if (!caughtUp) {
            return new Availability(Availability.State.NOT_READY, "the gateway is still reading the control and status"
                    + " topics after start-up and cannot tell whether " + target + " is ready; retry in a moment");
        }
        return target.isPipeline() ? pipelineAvailability(target) : modelAvailability(target.name());
    }

    private Availability modelAvailability(String name) {
        boolean declared = models.containsKey(name)
                || modelStatus(name).values().stream().anyMatch(status -> status.state() != ModelState.UNLOADED);
        if (!declared) {
            return new Availability(Availability.State.NOT_FOUND, "no model '" + name + "' is declared: create it with"
                    + " PUT /v1/models/" + name + " (or a Model resource), or check the name");
        }
        if (modelStatuses.available(name)) {
            return consumers.problem(name, System.currentTimeMillis())
                    .map(problem -> new Availability(Availability.State.NOT_READY, Target.model(name)
                            + " is loaded but cannot answer: " + problem))
                    .orElse(Availability.READY);
        }
        return new Availability(Availability.State.NOT_READY, Target.model(name) + " is not available: "
                + modelStatuses.describe(name));
    }

    private Availability pipelineAvailability(Target target) {
        String name = target.name();
        Optional<Pipeline> pipeline = pipeline(name);
        Optional<PipelineStatus> status = pipelineStatus(name);
        boolean declared = pipeline.isPresent()
                || status.filter(s -> s.state() != PipelineState.TERMINATED).isPresent();
        if (!declared) {
            return new Availability(Availability.State.NOT_FOUND, "no pipeline '" + name + "' is declared: create it"
                    + " with PUT /v1/pipelines/" + name + " (or a Pipeline resource), or check the name");
        }
        List<String> problems = new ArrayList<>();
        if (status.isEmpty()) {
            problems.add("its dataflow has not reported a status yet");
        } else if (status.get().state() != PipelineState.READY) {
            problems.add("its status is " + ModelStatusTable.stateName(status.get().state())
                    + (status.get().reason() == null ? "" : " (" + status.get().reason() + ")"));
        }
        pipeline.ifPresent(p -> p.models().stream()
                .map(this::modelAvailability)
                .filter(model -> !model.isReady())
                .forEach(model -> problems.add(model.reason())));
        if (problems.isEmpty()) {
            return Availability.READY;
        }
        return new Availability(Availability.State.NOT_READY, target + " is not ready: " + String.join("; ", problems));
    }
}
