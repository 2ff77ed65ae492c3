package io.seldonmesh.modelserver.api;

import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.modelserver.core.ModelServerException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place REST calls turn failures into status codes, with the protocol's {@code {"error": "..."}} body. */
public class RestErrors {

    @ServerExceptionMapper
    public Response failure(ModelServerException e) {
        return error(e.httpStatus(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(V2ValidationException e) {
        return error(400, e.getMessage());
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(V2Json.writeError(message)).build();
    }
}
