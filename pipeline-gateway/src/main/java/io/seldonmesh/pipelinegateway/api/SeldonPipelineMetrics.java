package io.seldonmesh.pipelinegateway.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.seldonmesh.pipelinegateway.core.Target;
import io.seldonmesh.runtime.SeldonInferenceMetrics;
import jakarta.inject.Singleton;

/**
 * Requests to pipelines under Seldon's pipeline gateway metric names ({@link SeldonInferenceMetrics#pipelines}), with
 * the status the caller got. Requests to models are Seldon's agent metrics, recorded where the model server is called:
 * in model-gateway. A pipeline nobody declared is counted as {@code (unknown)}, so mistyped names cannot grow the
 * series.
 */
@Singleton
public class SeldonPipelineMetrics {

    private final SeldonInferenceMetrics metrics;

    SeldonPipelineMetrics(MeterRegistry registry) {
        this.metrics = SeldonInferenceMetrics.pipelines(registry);
    }

    /**
     * @param target   what the request addressed, null when its address could not be read
     * @param method   {@link SeldonInferenceMetrics#REST} or {@link SeldonInferenceMetrics#GRPC}
     * @param code     the HTTP status or gRPC code name answered
     * @param notFound whether the answer was that no such pipeline exists
     */
    void finished(Target target, String method, String code, boolean notFound, long startedNanos) {
        if (target != null && target.kind() == Target.Kind.PIPELINE) {
            metrics.pipelineRequest(notFound ? Target.UNDECLARED : target.name(), method, code,
                    System.nanoTime() - startedNanos);
        }
    }
}
