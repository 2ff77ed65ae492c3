package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.v2.proto.ModelInferRequest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One inference request as it arrived over REST or gRPC, before anything was decided about it.
 *
 * @param requestId the caller's {@code x-request-id}, if it sent one
 * @param callerHeaders the caller's other {@code x-*} headers, lower-case names; they travel with the request
 * @param requestedTimeout the caller's timeout value, if any
 * @param timeoutSource where that value came from ({@code seldon-timeout}, {@code timeout} ...), for messages
 */
public record InferenceCall(Target target, ModelInferRequest request, Optional<String> requestId,
                            Map<String, String> callerHeaders, Optional<String> requestedTimeout,
                            String timeoutSource) {

    public InferenceCall {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(request, "request");
        callerHeaders = Map.copyOf(callerHeaders);
    }
}
