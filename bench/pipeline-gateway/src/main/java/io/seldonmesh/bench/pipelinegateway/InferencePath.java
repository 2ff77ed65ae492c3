package io.seldonmesh.bench.pipelinegateway;

import java.util.concurrent.CompletableFuture;

/** One way of getting an inference answered; completes when the answer is in, fails when it is not. */
interface InferencePath {

    CompletableFuture<?> call(int sequence);
}
