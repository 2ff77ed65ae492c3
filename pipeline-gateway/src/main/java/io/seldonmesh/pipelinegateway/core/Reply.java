package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to one request, as it came from the outputs topic: the response and the {@code x-*} headers
 * the model (or pipeline) added, which the caller gets back as HTTP headers or gRPC metadata.
 */
public record Reply(ModelInferResponse response, Map<String, String> headers) {

    public Reply {
        Objects.requireNonNull(response, "response");
        headers = Map.copyOf(headers);
    }
}
