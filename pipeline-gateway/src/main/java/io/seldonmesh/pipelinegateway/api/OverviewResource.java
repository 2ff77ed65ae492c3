package io.seldonmesh.pipelinegateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.seldonmesh.common.json.Json;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.pipelinegateway.core.Availability;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.Target;
import io.seldonmesh.pipelinegateway.overview.ErrorNotice;
import io.seldonmesh.pipelinegateway.overview.PipelineGraph;
import io.seldonmesh.pipelinegateway.overview.RecentEvents;
import io.seldonmesh.pipelinegateway.overview.ShownReplica;
import io.seldonmesh.pipelinegateway.security.CallerRole;
import io.seldonmesh.pipelinegateway.security.RequiresRole;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /v1/overview}: everything the status page ({@code /ui/}) shows, in one JSON document scripts can read
 * too — models with their state and traffic, pipelines as graphs with their steps' meters and last errors, and the
 * last records of the errors and credentials topics. Part of the control API (it names failing models' reasons and
 * requests' errors), so it needs {@code deployer} when authentication is on.
 */
@Path("/v1/overview")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(CallerRole.DEPLOYER)
public class OverviewResource {

    /** Said instead of a number when the model-gateway consumer check has not measured a model's lag. */
    static final String LAG_NOT_MEASURED = "n/a: measured for Available models by the model-gateway consumer check"
            + " (SELDON_GATEWAY_MODEL_CONSUMER_CHECK; off when 0), once model-gateway has committed on the inputs topic";

    @Inject
    Catalog catalog;

    @Inject
    RecentEvents events;

    private final OverviewMeters meters;

    @Inject
    public OverviewResource(MeterRegistry registry) {
        this.meters = new OverviewMeters(registry);
    }

    @GET
    public ObjectNode overview() {
        ObjectNode overview = Json.json().createObjectNode();
        overview.put("generatedAt", Instant.now().toString());
        overview.put("caughtUp", catalog.isCaughtUp());
        ArrayNode models = overview.putArray("models");
        catalog.modelNames().forEach(name -> models.add(model(name)));
        ArrayNode pipelines = overview.putArray("pipelines");
        List<ErrorNotice> errors = events.errors().newestFirst();
        catalog.pipelineNames().forEach(name -> pipelines.add(pipeline(name, errors)));
        overview.set("errors", Json.json().valueToTree(errors));
        overview.set("credentials", Json.json().valueToTree(events.credentials().newestFirst()));
        return overview;
    }

    private ObjectNode model(String name) {
        ObjectNode model = Json.json().createObjectNode();
        model.put("name", name);
        readiness(model, catalog.availability(Target.model(name)));
        Map<String, ModelStatus> replicas = catalog.modelStatus(name);
        model.put("replicas", replicas.size());
        Optional<Map.Entry<String, ModelStatus>> shown = ShownReplica.of(replicas);
        model.put("replica", shown.map(Map.Entry::getKey).orElse(null));
        ModelStatus status = shown.map(Map.Entry::getValue).orElse(null);
        model.put("state", status == null ? (catalog.model(name).isPresent() ? "Pending" : null)
                : Json.json().valueToTree(status.state()).asText());
        model.put("version", status == null ? null : status.version());
        model.put("server", status == null ? null : status.server());
        model.put("verification", status == null ? null : status.verification());
        model.put("stateReason", status == null ? null : status.reason());
        model.put("updatedAt", status == null ? null : status.updatedAt().toString());
        catalog.model(name).ifPresent(spec -> model.put("storageUri", spec.spec().storageUri()));
        model.set("traffic", meters.traffic(Target.Kind.MODEL.noun(), name));
        OptionalLong lag = catalog.consumers().lag(name);
        if (lag.isPresent()) {
            model.put("consumerLag", lag.getAsLong());
        } else {
            model.put("consumerLag", LAG_NOT_MEASURED);
        }
        return model;
    }

    private ObjectNode pipeline(String name, List<ErrorNotice> errors) {
        ObjectNode pipeline = Json.json().createObjectNode();
        pipeline.put("name", name);
        readiness(pipeline, catalog.availability(Target.pipeline(name)));
        catalog.pipelineStatus(name).ifPresent(status -> {
            pipeline.put("state", Json.json().valueToTree(status.state()).asText());
            pipeline.put("stateReason", status.reason());
        });
        pipeline.set("traffic", meters.traffic(Target.Kind.PIPELINE.noun(), name));
        Optional<Pipeline> spec = catalog.pipeline(name);
        if (spec.isEmpty()) {
            return pipeline;
        }
        PipelineGraph graph = PipelineGraph.of(spec.get());
        pipeline.set("graph", Json.json().valueToTree(graph));
        ObjectNode steps = pipeline.putObject("steps");
        for (PipelineGraph.Node node : graph.nodes()) {
            if (!node.kind().equals("step") && !node.kind().equals("output")) {
                continue;
            }
            ObjectNode step = meters.stage(name, node.id());
            if (node.kind().equals("step")) {
                step.put("ready", catalog.availability(Target.model(node.id())).isReady());
                errors.stream().filter(error -> error.isOf(name, node.id())).findFirst()
                        .ifPresent(last -> step.set("lastError", Json.json().valueToTree(last)));
            }
            step.put("failing", step.path("errors").asLong() > 0 || step.has("lastError")
                    || !step.path("ready").asBoolean(true));
            steps.set(node.id(), step);
        }
        return pipeline;
    }

    private static void readiness(ObjectNode into, Availability availability) {
        into.put("ready", availability.isReady());
        into.put("reason", availability.isReady() ? null : availability.reason());
    }
}
