package io.seldonmesh.pipelinegateway.api;

import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.core.Reply;
import io.seldonmesh.pipelinegateway.core.Target;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/** The one place REST inference outcomes become HTTP responses: V2 JSON, or {@code {"error": "..."}}. */
final class RestAnswers {

    private static final Logger LOG = Logger.getLogger(RestAnswers.class);

    private RestAnswers() {
    }

    static Response of(Target target, Reply reply, Throwable error) {
        if (error != null) {
            return failure(error);
        }
        byte[] body;
        try {
            body = V2Json.writeResponse(reply.response());
        } catch (V2ValidationException invalid) {
            return failure(new InferenceFailure(InferenceFailure.Reason.UNREADABLE_ANSWER, "the answer of " + target
                    + " is not a valid V2 response: " + invalid.getMessage()));
        }
        Response.ResponseBuilder response = Response.ok(body, MediaType.APPLICATION_JSON);
        reply.headers().forEach(header -> response.header(header.getKey(), header.getValue()));
        return response.build();
    }

    static Response failure(Throwable error) {
        Throwable cause = InferenceFailure.unwrap(error);
        if (cause instanceof InferenceFailure failure) {
            return error(failure.httpStatus(), failure.getMessage());
        }
        if (cause instanceof V2ValidationException invalid) {
            return error(400, invalid.getMessage());
        }
        LOG.error("inference failed unexpectedly", cause);
        return error(500, "internal error in pipeline-gateway: " + cause);
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(V2Json.writeError(message)).build();
    }
}
