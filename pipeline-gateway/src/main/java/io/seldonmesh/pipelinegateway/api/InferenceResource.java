package io.seldonmesh.pipelinegateway.api;

import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.pipelinegateway.core.Addressing;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.InferenceCall;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.core.Ingress;
import io.seldonmesh.pipelinegateway.core.Target;
import io.seldonmesh.runtime.SeldonInferenceMetrics;
import io.seldonmesh.pipelinegateway.io.KafkaGateway;
import io.seldonmesh.pipelinegateway.security.CallerRole;
import io.seldonmesh.pipelinegateway.security.PublicEndpoint;
import io.seldonmesh.pipelinegateway.security.RequiresRole;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The Open Inference Protocol over REST as Seldon Core 2's ingress serves it: inference and readiness of
 * models and pipelines, addressed by path or by the {@code seldon-model} header. Inference never blocks a
 * thread: the answer arrives from Kafka and completes the response.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(CallerRole.INFERRER)
public class InferenceResource {

    record Live(boolean live) {
    }

    record Ready(boolean ready) {
    }

    record ResourceReady(String name, boolean ready) {
    }

    @Inject
    KafkaGateway gateway;

    @Inject
    Ingress ingress;

    @Inject
    Catalog catalog;

    @Inject
    SeldonPipelineMetrics seldonMetrics;

    @POST
    @Path("/models/{name}/infer")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> inferModel(@PathParam("name") String name, @QueryParam("timeout") String timeout,
                                                @Context HttpHeaders headers, byte[] body) {
        return infer(Target.Kind.MODEL, Addressing::forModelPath, name, timeout, headers, body);
    }

    /** Seldon routes on the name alone; a version in the path is accepted and not used. */
    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> inferModelVersion(@PathParam("name") String name,
                                                       @QueryParam("timeout") String timeout,
                                                       @Context HttpHeaders headers, byte[] body) {
        return infer(Target.Kind.MODEL, Addressing::forModelPath, name, timeout, headers, body);
    }

    @POST
    @Path("/pipelines/{name}/infer")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> inferPipeline(@PathParam("name") String name,
                                                   @QueryParam("timeout") String timeout,
                                                   @Context HttpHeaders headers, byte[] body) {
        return infer(Target.Kind.PIPELINE, Addressing::forPipelinePath, name, timeout, headers, body);
    }

    @GET
    @Path("/models/{name}/ready")
    public Response modelReady(@PathParam("name") String name, @HeaderParam("seldon-model") String seldonModel) {
        return readiness(() -> Addressing.forModelPath(name, Optional.ofNullable(seldonModel)));
    }

    @GET
    @Path("/pipelines/{name}/ready")
    public Response pipelineReady(@PathParam("name") String name, @HeaderParam("seldon-model") String seldonModel) {
        return readiness(() -> Addressing.forPipelinePath(name, Optional.ofNullable(seldonModel)));
    }

    @GET
    @Path("/health/live")
    @PublicEndpoint
    public Live live() {
        return new Live(true);
    }

    @GET
    @Path("/health/ready")
    @PublicEndpoint
    public Response ready() {
        List<String> problems = gateway.notReadyBecause();
        if (problems.isEmpty()) {
            return Response.ok(new Ready(true)).build();
        }
        return RestAnswers.error(503, "pipeline-gateway is not ready: " + String.join("; ", problems));
    }

    /** How the path and the routing header name a target: {@link Addressing}'s rule for the path's kind. */
    private interface PathAddressing {
        Target target(String pathName, Optional<String> routing, String headerName);
    }

    private CompletionStage<Response> infer(Target.Kind pathKind, PathAddressing addressing,
                                            String name, String timeoutQuery, HttpHeaders httpHeaders, byte[] body) {
        long started = System.nanoTime();
        CompletableFuture<Response> response;
        Target target = null;
        try {
            CallerHeaders headers = CallerHeaders.of(httpHeaders.getRequestHeaders());
            target = addressing.target(name, headers.seldonModel(), headers.routedBy());
            ModelInferRequest request = parse(target, body);
            boolean timeoutInHeader = headers.timeout().isPresent();
            InferenceCall call = new InferenceCall(target, request, headers.requestId(), headers.external(),
                    timeoutInHeader ? headers.timeout() : Optional.ofNullable(timeoutQuery),
                    timeoutInHeader ? CallerHeaders.TIMEOUT : "query parameter timeout");
            response = ingress.infer(call).handle((reply, error) -> RestAnswers.of(call.target(), reply, error));
        } catch (RuntimeException refused) {
            ingress.refused(pathKind, target, refused);
            response = CompletableFuture.completedFuture(RestAnswers.failure(refused));
        }
        Target addressed = target;
        return response.thenApply(answer -> {
            seldonMetrics.finished(addressed, SeldonInferenceMetrics.REST, Integer.toString(answer.getStatus()),
                    answer.getStatus() == 404, started);
            return answer;
        });
    }

    private static ModelInferRequest parse(Target target, byte[] body) {
        try {
            return V2Json.parseRequest(body);
        } catch (V2ValidationException e) {
            throw new InferenceFailure(InferenceFailure.Reason.INVALID_REQUEST, "request to " + target
                    + " is not a valid V2 inference request: " + e.getMessage());
        }
    }

    /** 200 when ready; otherwise the status inference would get (404, 503) with the reason. */
    private Response readiness(Supplier<Target> addressing) {
        try {
            Target target = addressing.get();
            catalog.availability(target).requireReady();
            return Response.ok(new ResourceReady(target.name(), true)).build();
        } catch (InferenceFailure notReady) {
            return RestAnswers.failure(notReady);
        }
    }
}
