package io.seldonmesh.modelserver.api;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.seldonmesh.common.v2.GrpcRequestDecoding;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.common.v2.proto.ModelMetadataRequest;
import io.seldonmesh.common.v2.proto.ModelMetadataResponse;
import io.seldonmesh.common.v2.proto.ModelReadyRequest;
import io.seldonmesh.common.v2.proto.ModelReadyResponse;
import io.seldonmesh.common.v2.proto.ServerLiveRequest;
import io.seldonmesh.common.v2.proto.ServerLiveResponse;
import io.seldonmesh.common.v2.proto.ServerMetadataRequest;
import io.seldonmesh.common.v2.proto.ServerMetadataResponse;
import io.seldonmesh.common.v2.proto.ServerReadyRequest;
import io.seldonmesh.common.v2.proto.ServerReadyResponse;
import io.seldonmesh.modelserver.core.Inference;
import io.seldonmesh.modelserver.core.ModelMetadata;
import io.seldonmesh.modelserver.core.ModelRegistry;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The Open Inference Protocol over gRPC. Calls arrive on the gRPC server's event loop. Health and metadata are
 * in-memory lookups and answer there; an inference too, when its model {@linkplain Inference#runsInline says it is
 * quick} (a hop to a worker thread and back costs more CPU and latency than an identity model). ONNX runs, the
 * sleep model and large requests go to the worker pool, so the event loop never waits on a model.
 */
@GrpcService
@RegisterInterceptor(RequestIdEcho.class)
public class GrpcInferenceService implements GRPCInferenceServiceGrpc.AsyncService, BindableService {

    @Inject
    Inference inference;

    @Inject
    ModelRegistry registry;

    @Inject
    ServerInfo server;

    @Inject
    ExecutorService workers;

    /** A message that is not the method's request is INVALID_ARGUMENT naming protobuf's reason, not UNKNOWN. */
    @Override
    public ServerServiceDefinition bindService() {
        return GrpcRequestDecoding.decodedInCall(GRPCInferenceServiceGrpc.bindService(this));
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> observer) {
        GrpcErrors.respond(observer, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> observer) {
        GrpcErrors.respond(observer, () -> ServerReadyResponse.newBuilder().setReady(true).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> observer) {
        GrpcErrors.respond(observer, () -> ModelReadyResponse.newBuilder()
                .setReady(registry.isReady(request.getName(), version(request.getVersion())))
                .build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> observer) {
        GrpcErrors.respond(observer, () -> ServerMetadataResponse.newBuilder()
                .setName(server.name())
                .setVersion(server.version())
                .addAllExtensions(server.extensions())
                .build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> observer) {
        GrpcErrors.respond(observer,
                () -> ModelMetadata.of(registry.ready(request.getName(), version(request.getVersion()))));
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> observer) {
        if (inference.runsInline(request)) {
            GrpcErrors.respond(observer, () -> inference.infer(request));
        } else {
            workers.execute(() -> GrpcErrors.respond(observer, () -> inference.infer(request)));
        }
    }

    static Optional<String> version(String version) {
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }
}
