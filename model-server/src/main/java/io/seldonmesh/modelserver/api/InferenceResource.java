package io.seldonmesh.modelserver.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.modelserver.core.Inference;
import io.seldonmesh.modelserver.core.ModelMetadata;
import io.seldonmesh.modelserver.core.ModelRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * The Open Inference Protocol over REST: health, server and model metadata, model readiness and
 * inference. JSON bodies go through common's V2 codec.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceResource {

    record Live(boolean live) {
    }

    record Ready(boolean ready) {
    }

    record ModelReady(String name, boolean ready) {
    }

    /**
     * The Open Inference Protocol's fields, plus {@code instance_id}: an extra field, which clients
     * of the protocol ignore (the gRPC message has no room for it).
     */
    record ServerMetadata(String name, String version, List<String> extensions,
                          @JsonProperty("instance_id") String instanceId) {
    }

    @Inject
    Inference inference;

    @Inject
    ModelRegistry registry;

    @Inject
    ServerInfo server;

    @GET
    public ServerMetadata serverMetadata() {
        return new ServerMetadata(server.name(), server.version(), server.extensions(), server.instanceId());
    }

    @GET
    @Path("/health/live")
    public Live live() {
        return new Live(true);
    }

    /** Answering at all means start-up finished; each model has its own readiness. */
    @GET
    @Path("/health/ready")
    public Ready ready() {
        return new Ready(true);
    }

    @GET
    @Path("/models/{model}")
    public byte[] metadata(@PathParam("model") String model) {
        return V2Json.writeMetadata(ModelMetadata.of(registry.ready(model, Optional.empty())));
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    public byte[] metadata(@PathParam("model") String model, @PathParam("version") String version) {
        return V2Json.writeMetadata(ModelMetadata.of(registry.ready(model, Optional.of(version))));
    }

    @GET
    @Path("/models/{model}/ready")
    public Response modelReady(@PathParam("model") String model) {
        return readiness(model, Optional.empty());
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    public Response modelReady(@PathParam("model") String model, @PathParam("version") String version) {
        return readiness(model, Optional.of(version));
    }

    @POST
    @Path("/models/{model}/infer")
    @Consumes(MediaType.WILDCARD)
    public byte[] infer(@PathParam("model") String model, byte[] body) {
        return infer(model, "", body);
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Consumes(MediaType.WILDCARD)
    public byte[] infer(@PathParam("model") String model, @PathParam("version") String version, byte[] body) {
        ModelInferRequest request;
        try {
            request = V2Json.parseRequest(body);
        } catch (V2ValidationException e) {
            throw inference.unreadable(model, e);
        }
        return V2Json.writeResponse(inference.infer(request.toBuilder()
                .setModelName(model)
                .setModelVersion(version)
                .build()));
    }

    /** The protocol: 200 when ready, a 4xx when not; a model the server does not have is a 404. */
    private Response readiness(String model, Optional<String> version) {
        boolean ready = registry.isReady(model, version);
        return Response.status(ready ? 200 : 400).entity(new ModelReady(model, ready)).build();
    }
}
