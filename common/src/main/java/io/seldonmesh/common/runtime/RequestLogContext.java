package io.seldonmesh.common.runtime;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.MDC;

/**
 * The request a log line is about, as fields of the log context (MDC) while this is open: {@code model},
 * {@code pipeline} and {@code requestId}, and, with tracing on, the request's span made current and its
 * {@code traceId} and {@code spanId} (the keys Quarkus' OpenTelemetry uses on its own threads; Kafka consumer threads
 * are not its, so they are put here). A console format with {@code %X{traceId}} etc. shows them. Open it around the
 * lines written for one request, on the thread writing them.
 */
public final class RequestLogContext implements AutoCloseable {

    public static final String MODEL = "model";
    public static final String PIPELINE = "pipeline";
    public static final String REQUEST_ID = "requestId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private final List<String> put = new ArrayList<>(5);
    private final Scope scope;

    private RequestLogContext(Span span) {
        this.scope = span.getSpanContext().isValid() ? span.makeCurrent() : null;
    }

    /** Any argument may be null (not known, or not about a pipeline): it is left out. */
    public static RequestLogContext of(Span span, String model, String pipeline, String requestId) {
        RequestLogContext context = new RequestLogContext(span);
        if (span.getSpanContext().isValid()) {
            context.field(TRACE_ID, span.getSpanContext().getTraceId()).field(SPAN_ID, span.getSpanContext().getSpanId());
        }
        context.field(MODEL, model).field(PIPELINE, pipeline).field(REQUEST_ID, requestId);
        return context;
    }

    private RequestLogContext field(String key, String value) {
        if (value != null && MDC.get(key) == null) {
            MDC.put(key, value);
            put.add(key);
        }
        return this;
    }

    @Override
    public void close() {
        put.forEach(MDC::remove);
        if (scope != null) {
            scope.close();
        }
    }
}
