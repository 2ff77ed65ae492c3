package io.seldonmesh.modelgateway.core;

import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A successful answer of the model server: the response and the response headers (HTTP) or metadata (gRPC) that
 * travel on with it, {@code x-*} only, names lower-case, in the order received.
 */
public record ModelReply(ModelInferResponse response, List<Map.Entry<String, String>> headers) implements CallResult {

    public ModelReply {
        Objects.requireNonNull(response, "response");
        headers = List.copyOf(headers);
    }
}
