package io.seldonmesh.pipelinegateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.common.status.PipelineStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code status} of a Model or Pipeline custom resource in Seldon Core 2's shape, so that {@code kubectl get
 * models,pipelines} (Seldon's printer columns read {@code .status.conditions[?(@.type=="ModelReady")]},
 * {@code .status.replicas}, {@code .status.availableReplicas}) and tooling written for Seldon read what they read there:
 * Knative-style {@code conditions} sorted by type, each {@code {type, status: True|False, reason, message,
 * lastTransitionTime}}, {@code Ready} the conjunction of the others; for a Model {@code replicas} and
 * {@code availableReplicas}. A condition keeps its {@code lastTransitionTime} while its status does not change. Pure:
 * the catalog's state, the status written before and the clock are passed in.
 */
public final class SeldonResourceStatus {

    public static final String MODEL_READY = "ModelReady";
    public static final String MODELS_READY = "ModelsReady";
    public static final String PIPELINE_GW_READY = "PipelineGwReady";
    public static final String PIPELINE_READY = "PipelineReady";
    public static final String READY = "Ready";
    static final String INVALID_SPEC = "InvalidSpec";

    private SeldonResourceStatus() {
    }

    /** A Model's status: {@code ModelReady} from the replicas' states, {@code replicas}, {@code availableReplicas}. */
    public static ObjectNode model(Catalog catalog, String name, JsonNode previous, Instant now) {
        SortedMap<String, ModelStatus> replicas = catalog.modelStatus(name);
        long available = replicas.values().stream().filter(status -> status.state() == ModelState.AVAILABLE).count();
        Availability availability = catalog.availability(Target.model(name));
        Conditions conditions = new Conditions(previous, now);
        conditions.set(MODEL_READY, availability.isReady(), modelReason(replicas),
                availability.isReady() ? "model '" + name + "' is available" : availability.reason());
        ObjectNode status = conditions.withReady();
        status.put("replicas", replicas.size());
        status.put("availableReplicas", available);
        return status;
    }

    /**
     * A Pipeline's status: {@code ModelsReady} (every model of its steps available), {@code PipelineGwReady} (the
     * gateway has its spec and takes its requests), {@code PipelineReady} (its dataflow runs).
     */
    public static ObjectNode pipeline(Catalog catalog, String name, JsonNode previous, Instant now) {
        Optional<Pipeline> spec = catalog.pipeline(name);
        List<String> notReady = spec.map(Pipeline::models).orElse(List.of()).stream()
                .filter(model -> !catalog.availability(Target.model(model)).isReady()).toList();
        Optional<PipelineStatus> dataflow = catalog.pipelineStatus(name);
        boolean running = dataflow.map(status -> status.state() == PipelineState.READY).orElse(false);
        Conditions conditions = new Conditions(previous, now);
        conditions.set(MODELS_READY, spec.isPresent() && notReady.isEmpty(),
                notReady.isEmpty() ? "Models all available" : "Some models are not available",
                notReady.isEmpty() ? "every model of the pipeline's steps is available" : "not available: "
                        + String.join(", ", notReady));
        conditions.set(PIPELINE_GW_READY, spec.isPresent(), spec.isPresent() ? "PipelineGatewayReady" : "NoSpec",
                spec.isPresent() ? "pipeline-gateway has the spec and takes the pipeline's requests"
                        : "pipeline-gateway has no spec of pipeline '" + name + "'");
        conditions.set(PIPELINE_READY, running, dataflow.map(status -> stateName(status.state())).orElse("Unknown"),
                dataflow.map(status -> Optional.ofNullable(status.reason()).orElse("the dataflow is "
                        + stateName(status.state()).toLowerCase(Locale.ROOT)))
                        .orElse("no dataflow has reported on pipeline '" + name + "' yet"));
        return conditions.withReady();
    }

    /** A resource whose spec was refused: its one condition says what is wrong with it. */
    public static ObjectNode invalid(boolean model, String problems, JsonNode previous, Instant now) {
        Conditions conditions = new Conditions(previous, now);
        conditions.set(model ? MODEL_READY : PIPELINE_READY, false, INVALID_SPEC, problems);
        ObjectNode status = conditions.withReady();
        if (model) {
            status.put("replicas", 0);
            status.put("availableReplicas", 0);
        }
        return status;
    }

    /** The status of the first replica not Available (its state name), else {@code Available}. */
    private static String modelReason(SortedMap<String, ModelStatus> replicas) {
        return replicas.values().stream().map(ModelStatus::state).filter(state -> state != ModelState.AVAILABLE)
                .findFirst().or(() -> replicas.isEmpty() ? Optional.empty() : Optional.of(ModelState.AVAILABLE))
                .map(SeldonResourceStatus::stateName).orElse("NotScheduled");
    }

    private static String stateName(Enum<?> state) {
        return Json.json().convertValue(state, String.class);
    }

    /** Conditions by type, sorted as Knative sorts them; {@code Ready} is added last as the conjunction. */
    private static final class Conditions {

        private final JsonNode previous;
        private final Instant now;
        private final Map<String, ObjectNode> byType = new TreeMap<>();

        Conditions(JsonNode previous, Instant now) {
            this.previous = previous == null ? Json.json().createObjectNode() : previous;
            this.now = now;
        }

        void set(String type, boolean isTrue, String reason, String message) {
            ObjectNode condition = Json.json().createObjectNode();
            String status = isTrue ? "True" : "False";
            condition.put("type", type);
            condition.put("status", status);
            condition.put("reason", reason);
            condition.put("message", message);
            condition.put("lastTransitionTime", transitionTime(type, status));
            byType.put(type, condition);
        }

        ObjectNode withReady() {
            List<ObjectNode> others = List.copyOf(byType.values());
            Optional<ObjectNode> failing = others.stream()
                    .filter(condition -> !"True".equals(condition.path("status").asText())).findFirst();
            set(READY, failing.isEmpty(), failing.map(condition -> condition.path("reason").asText()).orElse(READY),
                    failing.map(condition -> condition.path("message").asText()).orElse("all conditions are True"));
            ObjectNode status = Json.json().createObjectNode();
            ArrayNode conditions = status.putArray("conditions");
            byType.values().forEach(conditions::add);
            return status;
        }

        private String transitionTime(String type, String status) {
            for (JsonNode condition : previous.path("conditions")) {
                if (type.equals(condition.path("type").asText()) && status.equals(condition.path("status").asText())
                        && condition.hasNonNull("lastTransitionTime")) {
                    return condition.path("lastTransitionTime").asText();
                }
            }
            return now.toString();
        }
    }
}
