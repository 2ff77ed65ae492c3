package io.seldonmesh.pipelinegateway.core;

import java.util.concurrent.CompletableFuture;

/** Finds the route of a model or pipeline and makes sure its answers are being read before the first request. */
public interface Routes {

    /** Completes with the route once answers on it will be seen, or fails with an {@link InferenceFailure}. */
    CompletableFuture<Route> route(Target target);
}
