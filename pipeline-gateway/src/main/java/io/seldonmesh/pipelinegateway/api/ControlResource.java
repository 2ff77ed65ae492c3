package io.seldonmesh.pipelinegateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.spec.InvalidSpecException;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.spec.SpecProblem;
import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.common.spec.UnsupportedFeatures;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.ResourceView;
import io.seldonmesh.pipelinegateway.io.ControlWriteException;
import io.seldonmesh.pipelinegateway.io.SpecTooLargeException;
import io.seldonmesh.pipelinegateway.io.SpecPublisher;
import io.seldonmesh.pipelinegateway.security.CallerRole;
import io.seldonmesh.pipelinegateway.security.RequiresRole;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Declaring models and pipelines without Kubernetes (docker-compose, the local stack): a Seldon
 * {@code mlops.seldon.io/v1alpha1} Model or Pipeline resource, YAML or JSON (or only its spec), is validated
 * and written to the compacted control topic; GET shows spec and status. Blocking: each write waits for
 * Kafka's acknowledgement, on a worker thread. Reading needs {@code deployer} too: a spec names storage locations
 * and secrets, and an inference caller learns readiness from the V2 ready endpoints.
 *
 * <p>The API serves one namespace, {@code SELDON_NAMESPACE}, whose topics it writes: a resource whose
 * {@code metadata.namespace} names another is a 400 on that field (checking it against the other namespace's
 * storage allow-list would let a caller pick the most generous list by naming its namespace).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(CallerRole.DEPLOYER)
public class ControlResource {

    @Inject
    Catalog catalog;

    @Inject
    SpecPublisher specs;

    @Inject
    StorageAllowList storageAllowList;

    @Inject
    TopicNames topics;

    @PUT
    @Path("/models/{name}")
    @Consumes(MediaType.WILDCARD)
    public Response putModel(@PathParam("name") String name, String document) {
        boolean existed = catalog.model(name).isPresent();
        specs.publish(allowedStorage(Model.parseIn(topics.namespace(), name, document)));
        return written(existed, ResourceView.model(catalog, name));
    }

    /** Creates: the name comes from {@code metadata.name}; 409 if the model is declared already (PUT replaces). */
    @POST
    @Path("/models")
    @Consumes(MediaType.WILDCARD)
    public Response postModel(String document) {
        Model model = allowedStorage(Model.parseIn(topics.namespace(), null, document));
        if (catalog.model(model.name()).isPresent()) {
            return alreadyDeclared("model", model.name(), "/v1/models/");
        }
        specs.publish(model);
        return created("/v1/models/", model.name(), ResourceView.model(catalog, model.name()));
    }

    @GET
    @Path("/models/{name}")
    public Response getModel(@PathParam("name") String name) {
        return found("model", name, ResourceView.model(catalog, name));
    }

    @GET
    @Path("/models")
    public ArrayNode listModels() {
        return list(catalog.modelNames(), ResourceView::model);
    }

    @DELETE
    @Path("/models/{name}")
    public Response deleteModel(@PathParam("name") String name) {
        Optional<ObjectNode> last = ResourceView.model(catalog, name);
        if (catalog.model(name).isEmpty()) {
            return notDeclared("model", name);
        }
        specs.deleteModel(name);
        return Response.ok(last.orElseThrow()).build();
    }

    @PUT
    @Path("/pipelines/{name}")
    @Consumes(MediaType.WILDCARD)
    public Response putPipeline(@PathParam("name") String name, String document) {
        boolean existed = catalog.pipeline(name).isPresent();
        specs.publish(Pipeline.parseIn(topics.namespace(), name, document));
        return written(existed, ResourceView.pipeline(catalog, name));
    }

    /** Creates: the name comes from {@code metadata.name}; 409 if the pipeline is declared already (PUT replaces). */
    @POST
    @Path("/pipelines")
    @Consumes(MediaType.WILDCARD)
    public Response postPipeline(String document) {
        Pipeline pipeline = Pipeline.parseIn(topics.namespace(), null, document);
        if (catalog.pipeline(pipeline.name()).isPresent()) {
            return alreadyDeclared("pipeline", pipeline.name(), "/v1/pipelines/");
        }
        specs.publish(pipeline);
        return created("/v1/pipelines/", pipeline.name(), ResourceView.pipeline(catalog, pipeline.name()));
    }

    @GET
    @Path("/pipelines/{name}")
    public Response getPipeline(@PathParam("name") String name) {
        return found("pipeline", name, ResourceView.pipeline(catalog, name));
    }

    @GET
    @Path("/pipelines")
    public ArrayNode listPipelines() {
        return list(catalog.pipelineNames(), ResourceView::pipeline);
    }

    @DELETE
    @Path("/pipelines/{name}")
    public Response deletePipeline(@PathParam("name") String name) {
        Optional<ObjectNode> last = ResourceView.pipeline(catalog, name);
        if (catalog.pipeline(name).isEmpty()) {
            return notDeclared("pipeline", name);
        }
        specs.deletePipeline(name);
        return Response.ok(last.orElseThrow()).build();
    }

    /**
     * The model, when its storage is where this installation allows Models of this namespace from and it asks for
     * nothing this data plane does not run; else the 400 of the fields at fault.
     */
    private Model allowedStorage(Model model) {
        return UnsupportedFeatures.require(storageAllowList.require(topics.namespace(), model));
    }

    /** 400 naming every field at fault, as text and as {@code problems: [{path, problem}]}. */
    @ServerExceptionMapper
    public Response invalid(InvalidSpecException e) {
        ObjectNode body = Json.json().createObjectNode();
        body.put("error", e.getMessage());
        ArrayNode problems = body.putArray("problems");
        for (SpecProblem problem : e.problems()) {
            problems.addObject().put("path", problem.path()).put("problem", problem.problem());
        }
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    @ServerExceptionMapper
    public Response tooLarge(SpecTooLargeException e) {
        return RestAnswers.error(413, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unwritten(ControlWriteException e) {
        return RestAnswers.error(503, e.getMessage());
    }

    private static Response written(boolean existed, Optional<ObjectNode> view) {
        return Response.status(existed ? 200 : 201).entity(view.orElseThrow()).build();
    }

    private static Response created(String collection, String name, Optional<ObjectNode> view) {
        return Response.created(URI.create(collection + name)).entity(view.orElseThrow()).build();
    }

    private static Response alreadyDeclared(String kind, String name, String collection) {
        return RestAnswers.error(409, kind + " '" + name + "' is declared already: PUT " + collection + name
                + " replaces it, DELETE removes it");
    }

    private static Response found(String kind, String name, Optional<ObjectNode> view) {
        return view.map(v -> Response.ok(v).build()).orElseGet(() -> notDeclared(kind, name));
    }

    private static Response notDeclared(String kind, String name) {
        return RestAnswers.error(404, "no " + kind + " '" + name + "' is declared");
    }

    private ArrayNode list(List<String> names, BiFunction<Catalog, String, Optional<ObjectNode>> view) {
        ArrayNode all = Json.json().createArrayNode();
        names.forEach(name -> view.apply(catalog, name).ifPresent(all::add));
        return all;
    }
}
