package io.seldonmesh.modelserver.api;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.seldonmesh.common.v2.GrpcRequestDecoding;
import io.seldonmesh.common.v2.proto.repository.ModelRepositoryServiceGrpc;
import io.seldonmesh.common.v2.proto.repository.RepositoryIndexRequest;
import io.seldonmesh.common.v2.proto.repository.RepositoryIndexResponse;
import io.seldonmesh.common.v2.proto.repository.RepositoryModelLoadRequest;
import io.seldonmesh.common.v2.proto.repository.RepositoryModelLoadResponse;
import io.seldonmesh.common.v2.proto.repository.RepositoryModelUnloadRequest;
import io.seldonmesh.common.v2.proto.repository.RepositoryModelUnloadResponse;
import io.seldonmesh.modelserver.core.ModelRegistry;
import io.seldonmesh.modelserver.core.RepositoryIndex;
import io.seldonmesh.modelserver.io.ModelsRoot;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.Optional;

/** Triton's model repository extension over gRPC: index, load (from the models root), unload. */
@GrpcService
@Blocking
@RegisterInterceptor(RequestIdEcho.class)
public class GrpcRepositoryService implements ModelRepositoryServiceGrpc.AsyncService, BindableService {

    @Inject
    ModelRegistry registry;

    @Inject
    ModelsRoot modelsRoot;

    /** A message that is not the method's request is INVALID_ARGUMENT naming protobuf's reason, not UNKNOWN. */
    @Override
    public ServerServiceDefinition bindService() {
        return GrpcRequestDecoding.decodedInCall(ModelRepositoryServiceGrpc.bindService(this));
    }

    @Override
    public void repositoryIndex(RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> observer) {
        GrpcErrors.respond(observer, () -> {
            RepositoryIndexResponse.Builder index = RepositoryIndexResponse.newBuilder();
            for (RepositoryIndex.Item item : RepositoryIndex.of(registry.entries(), modelsRoot.modelNames(), request.getReady())) {
                index.addModelsBuilder()
                        .setName(item.name())
                        .setVersion(item.version())
                        .setState(item.state().name())
                        .setReason(item.reason());
            }
            return index.build();
        });
    }

    @Override
    public void repositoryModelLoad(RepositoryModelLoadRequest request, StreamObserver<RepositoryModelLoadResponse> observer) {
        GrpcErrors.respond(observer, () -> {
            registry.load(request.getModelName(), Optional.empty());
            return RepositoryModelLoadResponse.getDefaultInstance();
        });
    }

    @Override
    public void repositoryModelUnload(RepositoryModelUnloadRequest request,
            StreamObserver<RepositoryModelUnloadResponse> observer) {
        GrpcErrors.respond(observer, () -> {
            registry.unload(request.getModelName());
            return RepositoryModelUnloadResponse.getDefaultInstance();
        });
    }
}
