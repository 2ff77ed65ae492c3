package io.seldonmesh.modelserver.api;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
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
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.Optional;

/** The Open Inference Protocol over gRPC. Blocking: ONNX runs and the sleep model must stay off the event loop. */
@GrpcService
@Blocking
@RegisterInterceptor(RequestIdEcho.class)
public class GrpcInferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    @Inject
    Inference inference;

    @Inject
    ModelRegistry registry;

    @Inject
    ServerInfo server;

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
        GrpcErrors.respond(observer, () -> inference.infer(request));
    }

    static Optional<String> version(String version) {
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }
}
