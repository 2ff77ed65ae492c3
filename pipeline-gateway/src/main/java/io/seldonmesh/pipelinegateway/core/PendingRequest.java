package io.seldonmesh.pipelinegateway.core;

import java.util.concurrent.CompletableFuture;

/**
 * One request that has been sent and waits for its answer. Its {@link #reply()} completes exactly once: with
 * the answer, with the model's error, or with a timeout.
 */
public final class PendingRequest {

    private final String id;
    private final String requestIdHeader;
    private final Target target;
    private final int partition;
    private final RequestTimeout timeout;
    private final String awaiting;
    private final long startedNanos;
    private final long deadlineNanos;
    private final long sequence;
    private final CompletableFuture<Reply> reply = new CompletableFuture<>();

    PendingRequest(String id, String requestIdHeader, Target target, int partition, RequestTimeout timeout,
                   String awaiting, long startedNanos, long sequence) {
        this.id = id;
        this.requestIdHeader = requestIdHeader;
        this.target = target;
        this.partition = partition;
        this.timeout = timeout;
        this.awaiting = awaiting;
        this.startedNanos = startedNanos;
        this.deadlineNanos = startedNanos + timeout.duration().toNanos();
        this.sequence = sequence;
    }

    /** The correlation id: the request id in the record key. */
    public String id() {
        return id;
    }

    /**
     * The {@code x-request-id} the request carries, which every record of its way through a pipeline carries too:
     * the caller's, or the correlation id when the caller sent none.
     */
    public String requestIdHeader() {
        return requestIdHeader;
    }

    public Target target() {
        return target;
    }

    /** The partition the request was written to, and the answer is expected on. */
    public int partition() {
        return partition;
    }

    public RequestTimeout timeout() {
        return timeout;
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** Where the answer was expected (outputs and errors topic), for timeout messages. */
    public String awaiting() {
        return awaiting;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    long sequence() {
        return sequence;
    }

    public CompletableFuture<Reply> reply() {
        return reply;
    }

    /** The 504 naming the model or pipeline and what was awaited. */
    public InferenceFailure timedOut() {
        return new InferenceFailure(InferenceFailure.Reason.TIMEOUT, target + " did not answer request '" + id
                + "' within " + timeout.describe() + ": nothing arrived on " + awaiting + ". Check that "
                + (target.isPipeline() ? "the pipeline's dataflow and the model-gateway serving its steps are"
                        : "the model-gateway serving " + target + " is")
                + " running, or allow more time with header seldon-timeout");
    }
}
