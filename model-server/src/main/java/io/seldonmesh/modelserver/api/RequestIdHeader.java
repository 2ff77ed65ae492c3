package io.seldonmesh.modelserver.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Echoes the caller's {@code x-request-id} header on every REST response, errors included. */
public class RequestIdHeader {

    static final String REQUEST_ID = "x-request-id";

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        String requestId = request.getHeaderString(REQUEST_ID);
        if (requestId != null) {
            response.getHeaders().putSingle(REQUEST_ID, requestId);
        }
    }
}
