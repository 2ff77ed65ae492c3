package io.seldonmesh.pipelinegateway.api;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.security.AccessGate;
import io.seldonmesh.pipelinegateway.security.AuthMethod;
import io.seldonmesh.pipelinegateway.security.CallerRole;
import io.seldonmesh.pipelinegateway.security.PublicEndpoint;
import io.seldonmesh.pipelinegateway.security.RequiresRole;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Admits a REST request to the endpoint it matched, after matching (so no spelling of a path can reach an endpoint
 * past its rule): first the listener ({@link ControlListener}: {@code /v1} only on the control port when it has one),
 * then the caller, with the role the endpoint's {@link RequiresRole} names. {@link PublicEndpoint}s are open; an
 * endpoint with neither needs {@code deployer}, the most a caller can hold. {@code /q/metrics}, not a REST endpoint,
 * is guarded on the router when {@code SELDON_AUTH_METRICS_ROLE} is set.
 */
@Singleton
public class RestAccess {

    /** After Quarkus' own request set-up, before any endpoint (the metrics one included). */
    private static final int BEFORE_ENDPOINTS = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

    private final Map<Method, Optional<String>> roles = new ConcurrentHashMap<>();

    @Inject
    AccessGate gate;

    @Inject
    ControlListener control;

    /** Suspends the request only while a caller is checked: with authentication off, nothing waits. */
    @ServerRequestFilter
    public void admit(ResteasyReactiveContainerRequestContext context, ResourceInfo resource,
                      HttpServerRequest request) {
        int localPort = request.localAddress() == null ? -1 : request.localAddress().port();
        Optional<InferenceFailure> misplaced = control.misplaced(isControlApi(resource.getResourceClass()), localPort);
        if (misplaced.isPresent()) {
            context.abortWith(RestAnswers.failure(misplaced.get()));
            return;
        }
        if (!gate.settings().enabled()) {
            return;
        }
        Optional<String> role = roles.computeIfAbsent(resource.getResourceMethod(),
                method -> role(method, resource.getResourceClass()));
        context.suspend();
        gate.check(request.method().name() + " " + request.path(), role,
                        Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)),
                        Optional.ofNullable(request.sslSession()))
                .subscribe().with(refusal -> {
                    refusal.ifPresent(failure -> context.abortWith(answer(failure)));
                    context.resume();
                }, context::resume);
    }

    void guardMetrics(@Observes Router router) {
        gate.settings().metricsRole().ifPresent(role -> router.route("/q/metrics*").order(BEFORE_ENDPOINTS)
                .handler(context -> admitToMetrics(context, role)));
    }

    private void admitToMetrics(RoutingContext context, String role) {
        io.vertx.core.Context requestContext = context.vertx().getOrCreateContext();
        HttpServerRequest request = context.request();
        gate.check("GET " + request.path(), Optional.of(role),
                        Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)),
                        Optional.ofNullable(request.sslSession()))
                .subscribe().with(refusal -> requestContext.runOnContext(go -> refusal.ifPresentOrElse(failure -> {
                    Response answer = answer(failure);
                    context.response().setStatusCode(answer.getStatus());
                    answer.getStringHeaders().forEach((name, values) -> context.response().putHeader(name, values));
                    context.response().end(Buffer.buffer(V2Json.writeError(failure.getMessage())));
                }, context::next)), context::fail);
    }

    /** A 401 also says, in the standard header, that a bearer token is the way in (RFC 6750). */
    private Response answer(InferenceFailure failure) {
        Response answer = RestAnswers.failure(failure);
        if (failure.reason() == InferenceFailure.Reason.UNAUTHENTICATED && gate.settings().accepts(AuthMethod.OIDC)) {
            return Response.fromResponse(answer).header(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer realm=\"pipeline-gateway\"").build();
        }
        return answer;
    }

    /** The control API is every resource under {@code /v1}: the specs' {@link ControlResource} and the overview. */
    private static boolean isControlApi(Class<?> resource) {
        jakarta.ws.rs.Path path = resource.getAnnotation(jakarta.ws.rs.Path.class);
        return path != null && (path.value().equals("/v1") || path.value().startsWith("/v1/"));
    }

    private static Optional<String> role(Method method, Class<?> resource) {
        if (method.isAnnotationPresent(PublicEndpoint.class)) {
            return Optional.empty();
        }
        RequiresRole required = method.isAnnotationPresent(RequiresRole.class)
                ? method.getAnnotation(RequiresRole.class) : resource.getAnnotation(RequiresRole.class);
        return Optional.of((required == null ? CallerRole.DEPLOYER : required.value()).id());
    }
}
