package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.modelgateway.core.CallResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a model server's Open Inference Protocol endpoint. Connections are kept and reused across calls; the
 * future never fails: every outcome, including timeouts and refused connections, is a {@link CallResult}.
 */
public interface ModelClient extends AutoCloseable {

    /**
     * @param server  a REST base URL ({@code http://host:port}) or gRPC target ({@code host:port})
     * @param request the request, model name set
     * @param headers sent as HTTP headers or gRPC metadata ({@code x-request-id}, the caller's {@code x-*},
     *                {@code seldon-model} for a Seldon mesh)
     */
    CompletableFuture<CallResult> infer(String server, ModelInferRequest request, List<Map.Entry<String, String>> headers);

    @Override
    void close();
}
