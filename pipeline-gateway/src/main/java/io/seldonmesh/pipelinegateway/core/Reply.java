package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to one request, as it came from the outputs topic: the response and the {@code x-*} headers
 * the model (or pipeline) added, which the caller gets back as HTTP headers or gRPC metadata. A name may come more
 * than once, in order: {@code x-seldon-route} has one value per model the request went through.
 */
public record Reply(ModelInferResponse response, List<Map.Entry<String, String>> headers) {

    public Reply {
        Objects.requireNonNull(response, "response");
        headers = List.copyOf(headers);
    }
}
