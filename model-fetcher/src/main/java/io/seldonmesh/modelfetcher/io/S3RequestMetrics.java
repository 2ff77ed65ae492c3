package io.seldonmesh.modelfetcher.io;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts S3 requests by operation ({@code model.fetcher.s3.requests{operation=GetObject}}): the
 * number that shows a re-sync of an unchanged model made no GET.
 */
final class S3RequestMetrics implements ExecutionInterceptor {

    static final String METER = "model.fetcher.s3.requests";

    private final MeterRegistry registry;

    S3RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Counter.builder(METER).tag("operation", operation == null ? "unknown" : operation)
                .description("S3 requests sent, by operation").register(registry).increment();
    }
}
