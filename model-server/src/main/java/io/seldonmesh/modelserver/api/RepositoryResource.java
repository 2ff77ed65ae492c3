package io.seldonmesh.modelserver.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seldonmesh.modelserver.core.ModelRegistry;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.RepositoryIndex;
import io.seldonmesh.modelserver.io.ModelsRoot;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Triton's model repository extension over REST, which Seldon's agent and MLServer also use:
 * index, load and unload. Load reads {@code <models-root>/<model>/}; an optional body
 * {@code {"parameters": {"version": "2"}}} pins a version directory.
 */
@Path("/v2/repository")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RepositoryResource {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record IndexItem(String name, String version, String state, String reason) {
    }

    @Inject
    ModelRegistry registry;

    @Inject
    ModelsRoot modelsRoot;

    @Inject
    ObjectMapper json;

    @POST
    @Path("/index")
    public List<IndexItem> index(byte[] body) {
        boolean readyOnly = body(body, "index").path("ready").asBoolean(false);
        return RepositoryIndex.of(registry.entries(), modelsRoot.modelNames(), readyOnly).stream()
                .map(item -> new IndexItem(item.name(), item.version(), item.state().name(), item.reason()))
                .toList();
    }

    @POST
    @Path("/models/{model}/load")
    public Response load(@PathParam("model") String model, byte[] body) {
        JsonNode version = body(body, "load").path("parameters").path("version");
        registry.load(model, version.isMissingNode() || version.isNull() ? Optional.empty() : Optional.of(version.asText()));
        return Response.ok().build();
    }

    @POST
    @Path("/models/{model}/unload")
    public Response unload(@PathParam("model") String model) {
        registry.unload(model);
        return Response.ok().build();
    }

    private JsonNode body(byte[] body, String call) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw ModelServerException.invalidInput("the " + call + " request body is not valid JSON: " + e.getMessage());
        }
    }
}
