package io.seldonmesh.pipelinegateway.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.status.ModelStatus;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A model or pipeline as the control API shows it: the custom resource ({@code apiVersion}, {@code kind},
 * {@code metadata}, {@code spec}) with a {@code status} made from the status topics, the way
 * {@code kubectl get -o json} shows a resource.
 */
public final class ResourceView {

    private static final String API_VERSION = "mlops.seldon.io/v1alpha1";

    private ResourceView() {
    }

    /** Empty when neither a spec nor a status of that model is known. */
    public static Optional<ObjectNode> model(Catalog catalog, String name) {
        Optional<Model> model = catalog.model(name);
        SortedMap<String, ModelStatus> replicas = catalog.modelStatus(name);
        if (model.isEmpty() && replicas.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode view = model.map(Model::resource).orElseGet(() -> bare(Model.KIND, name));
        view.set("status", modelStatus(catalog, name));
        return Optional.of(view);
    }

    /** {@code {ready, reason?, replicas: {<replica>: <status record>}}}. */
    public static ObjectNode modelStatus(Catalog catalog, String name) {
        ObjectNode status = readiness(catalog.availability(Target.model(name)));
        ObjectNode byReplica = status.putObject("replicas");
        for (Map.Entry<String, ModelStatus> replica : catalog.modelStatus(name).entrySet()) {
            byReplica.set(replica.getKey(), Json.json().valueToTree(replica.getValue()));
        }
        return status;
    }

    /** Empty when neither a spec nor a status of that pipeline is known. */
    public static Optional<ObjectNode> pipeline(Catalog catalog, String name) {
        Optional<Pipeline> pipeline = catalog.pipeline(name);
        var pipelineStatus = catalog.pipelineStatus(name);
        if (pipeline.isEmpty() && pipelineStatus.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode view = pipeline.map(Pipeline::resource).orElseGet(() -> bare(Pipeline.KIND, name));
        view.set("status", pipelineStatus(catalog, name));
        return Optional.of(view);
    }

    /** {@code {ready, reason?, pipeline: <status record>, models: {<model>: ready}}}. */
    public static ObjectNode pipelineStatus(Catalog catalog, String name) {
        ObjectNode status = readiness(catalog.availability(Target.pipeline(name)));
        catalog.pipelineStatus(name).ifPresent(s -> status.set("pipeline", Json.json().valueToTree(s)));
        catalog.pipeline(name).ifPresent(p -> {
            ObjectNode models = status.putObject("models");
            p.models().forEach(model -> models.put(model, catalog.availability(Target.model(model)).isReady()));
        });
        return status;
    }

    private static ObjectNode readiness(Availability availability) {
        ObjectNode status = Json.json().createObjectNode();
        status.put("ready", availability.isReady());
        if (!availability.isReady()) {
            status.put("reason", availability.reason());
        }
        return status;
    }

    private static ObjectNode bare(String kind, String name) {
        ObjectNode resource = Json.json().createObjectNode();
        resource.put("apiVersion", API_VERSION);
        resource.put("kind", kind);
        resource.putObject("metadata").put("name", name);
        return resource;
    }
}
