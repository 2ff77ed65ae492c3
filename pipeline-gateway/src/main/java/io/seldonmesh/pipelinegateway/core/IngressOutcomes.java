package io.seldonmesh.pipelinegateway.core;

/** Where the ingress reports how requests and the look-backs at timed-out pipelines' steps ended; metrics listen. */
public interface IngressOutcomes {

    /** One finished request; {@code failure} is null for an answer. */
    void requestFinished(Target target, long elapsedNanos, Throwable failure);

    /** One look-back ended: {@code complete}, {@code cut_short}, {@code late} or {@code failed}. */
    void stepScanFinished(String outcome);
}
