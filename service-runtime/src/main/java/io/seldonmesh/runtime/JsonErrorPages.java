package io.seldonmesh.runtime;

import io.quarkus.runtime.configuration.MemorySize;
import io.seldonmesh.common.v2.V2Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every error a service's HTTP port gives is {@code {"error": "..."}}, also those Vert.x and Quarkus answer before a
 * resource is reached: a path no resource has (Vert.x's own 404 is an HTML page) and a body over the size limit
 * (Quarkus' own 413 has no body at all, so a caller cannot tell which limit it hit or how to raise it).
 */
@ApplicationScoped
public class JsonErrorPages {

    /** Before Quarkus' own limit check ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2), which answers empty. */
    static final int BEFORE_UPLOAD_LIMIT = -3;
    private static final String LIMIT_PROPERTY = "quarkus.http.limits.max-body-size";

    void install(@Observes Router router) {
        Optional<Long> limit = ConfigProvider.getConfig().getOptionalValue(LIMIT_PROPERTY, MemorySize.class)
                .map(MemorySize::asLongValue);
        limit.ifPresent(bytes -> router.route().order(BEFORE_UPLOAD_LIMIT).handler(context -> refuseOverLimit(context,
                bytes)));
        router.errorHandler(404, context -> answer(context, 404, "no such path: " + context.request().method() + " "
                + context.request().path() + " (the API is in this service's README)"));
    }

    private static void refuseOverLimit(RoutingContext context, long limit) {
        String length = context.request().getHeader("content-length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException notANumber) {
            declared = -1;
        }
        if (declared > limit) {
            context.response().putHeader("connection", "close");
            answer(context, 413, "the request body is " + declared + " bytes, more than the " + limit + " bytes this"
                    + " service accepts (" + LIMIT_PROPERTY + ", see the service's README): send a smaller request");
            return;
        }
        context.next();
    }

    private static void answer(RoutingContext context, int status, String message) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(Buffer.buffer(V2Json.writeError(message)));
    }
}
