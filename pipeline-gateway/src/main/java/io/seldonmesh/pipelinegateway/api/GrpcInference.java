package io.seldonmesh.pipelinegateway.api;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.seldonmesh.common.v2.GrpcRequestDecoding;
import io.seldonmesh.common.v2.TensorValidation;
import io.seldonmesh.common.v2.UndecodableRequest;
import io.seldonmesh.common.v2.V2Problem;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.common.v2.proto.ModelReadyRequest;
import io.seldonmesh.common.v2.proto.ModelReadyResponse;
import io.seldonmesh.common.v2.proto.ServerLiveRequest;
import io.seldonmesh.common.v2.proto.ServerLiveResponse;
import io.seldonmesh.common.v2.proto.ServerReadyRequest;
import io.seldonmesh.common.v2.proto.ServerReadyResponse;
import io.seldonmesh.pipelinegateway.core.Addressing;
import io.seldonmesh.pipelinegateway.core.Availability;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.InferenceCall;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.core.Ingress;
import io.seldonmesh.pipelinegateway.core.Target;
import io.seldonmesh.runtime.SeldonInferenceMetrics;
import io.seldonmesh.pipelinegateway.io.KafkaGateway;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code inference.GRPCInferenceService} with Seldon's addressing: metadata {@code seldon-model} names the
 * model or {@code <pipeline>.pipeline}, else {@code model_name} does. The timeout is metadata
 * {@code seldon-timeout}, else the call's gRPC deadline, else the default.
 */
@GrpcService
@RegisterInterceptor(GrpcAccess.class)
@RegisterInterceptor(GrpcCallHeaders.class)
public class GrpcInference implements GRPCInferenceServiceGrpc.AsyncService, BindableService {

    private static final Logger LOG = Logger.getLogger(GrpcInference.class);

    @Inject
    KafkaGateway gateway;

    @Inject
    Ingress ingress;

    @Inject
    Catalog catalog;

    @Inject
    SeldonPipelineMetrics seldonMetrics;

    /** A message that is not the method's request is INVALID_ARGUMENT naming protobuf's reason, not UNKNOWN. */
    @Override
    public ServerServiceDefinition bindService() {
        return GrpcRequestDecoding.decodedInCall(GRPCInferenceServiceGrpc.bindService(this), this::refused);
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> observer) {
        CallerHeaders headers = GrpcCallHeaders.CALLER.get();
        Queue<Map.Entry<String, String>> responseHeaders = GrpcCallHeaders.RESPONSE.get();
        long started = System.nanoTime();
        Target target = null;
        try {
            target = Addressing.forModelPath(request.getModelName(), headers.seldonModel(), headers.routedBy());
            requireValid(target, request);
            Optional<String> deadline = Optional.ofNullable(Context.current().getDeadline())
                    .map(d -> d.timeRemaining(TimeUnit.MILLISECONDS) + "ms");
            boolean timeoutInMetadata = headers.timeout().isPresent();
            InferenceCall call = new InferenceCall(target, request, headers.requestId(), headers.external(),
                    timeoutInMetadata ? headers.timeout() : deadline,
                    timeoutInMetadata ? CallerHeaders.TIMEOUT : "the call's gRPC deadline");
            ingress.infer(call).whenComplete((reply, error) -> {
                if (error != null) {
                    observer.onError(counted(call.target(), started, status(error)));
                } else {
                    responseHeaders.addAll(reply.headers());
                    observer.onNext(reply.response());
                    observer.onCompleted();
                    seldonMetrics.finished(call.target(), SeldonInferenceMetrics.GRPC, Status.Code.OK.name(), false,
                            started);
                }
            });
        } catch (RuntimeException refused) {
            ingress.refused(Target.Kind.MODEL, target, refused);
            observer.onError(counted(target, started, status(refused)));
        }
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> observer) {
        try {
            Target target = Addressing.forModelPath(request.getName(), GrpcCallHeaders.CALLER.get().seldonModel());
            Availability availability = catalog.availability(target);
            if (availability.state() == Availability.State.NOT_FOUND) {
                availability.requireReady();
            }
            observer.onNext(ModelReadyResponse.newBuilder().setReady(availability.isReady()).build());
            observer.onCompleted();
        } catch (RuntimeException refused) {
            observer.onError(status(refused));
        }
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> observer) {
        observer.onNext(ServerLiveResponse.newBuilder().setLive(true).build());
        observer.onCompleted();
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> observer) {
        observer.onNext(ServerReadyResponse.newBuilder().setReady(gateway.notReadyBecause().isEmpty()).build());
        observer.onCompleted();
    }

    /** An undecodable inference request counts as refused, like a REST body that is not JSON. */
    private void refused(UndecodableRequest undecodable) {
        if (undecodable.method().equals(GRPCInferenceServiceGrpc.getModelInferMethod().getBareMethodName())) {
            ingress.refused(Target.Kind.MODEL, null,
                    new InferenceFailure(InferenceFailure.Reason.INVALID_REQUEST, undecodable.description()));
        }
    }

    /** REST bodies are checked by the V2 codec as they are read; a gRPC message arrives already decoded. */
    private static void requireValid(Target target, ModelInferRequest request) {
        List<V2Problem> problems = TensorValidation.problems(request);
        if (!problems.isEmpty()) {
            throw new InferenceFailure(InferenceFailure.Reason.INVALID_REQUEST, "request to " + target
                    + " is invalid: " + problems.stream().map(V2Problem::message).collect(Collectors.joining("; ")));
        }
    }

    /** The one place gRPC outcomes become status codes; the description is the text REST returns. */
    private StatusRuntimeException counted(Target target, long started, StatusRuntimeException failure) {
        Status.Code code = failure.getStatus().getCode();
        seldonMetrics.finished(target, SeldonInferenceMetrics.GRPC, code.name(), code == Status.Code.NOT_FOUND, started);
        return failure;
    }

    private static StatusRuntimeException status(Throwable error) {
        Throwable cause = InferenceFailure.unwrap(error);
        if (cause instanceof InferenceFailure failure) {
            return Status.fromCode(failure.grpcCode()).withDescription(failure.getMessage())
                    .asRuntimeException();
        }
        LOG.error("gRPC inference failed unexpectedly", cause);
        return Status.INTERNAL.withDescription("internal error in pipeline-gateway: " + cause).asRuntimeException();
    }
}
