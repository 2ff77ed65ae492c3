package io.seldonmesh.modelfetcher.io;

import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Hands every S3 request the SDK sends, by operation, to {@link FetcherMetrics#s3Request}. */
final class S3RequestMetrics implements ExecutionInterceptor {

    private final FetcherMetrics metrics;

    S3RequestMetrics(FetcherMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        metrics.s3Request(operation == null ? "unknown" : operation);
    }
}
