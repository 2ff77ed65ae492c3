package io.seldonmesh.common.kafka;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One trace across the Kafka hops of a request, as Seldon Core 2 does it: the W3C trace context ({@code traceparent},
 * {@code tracestate}) travels in record headers. Whoever writes a record writes its own span's context there (replacing
 * the one a copied request carried), whoever reads one continues the trace it carries, and a call to a model server
 * passes it on as HTTP headers or gRPC metadata.
 *
 * <p>{@link #OFF} (tracing not enabled) does nothing and allocates nothing: records keep whatever trace context they
 * arrived with, so a Seldon component or client upstream still sees its trace continued through a gateway that does
 * not trace itself.
 */
public final class KafkaTracing {

    /** Tracing not enabled: every method is a no-op returning {@link Span#getInvalid()}. */
    public static final KafkaTracing OFF = new KafkaTracing(null);

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("seldon.request_id");
    public static final AttributeKey<String> MODEL = AttributeKey.stringKey("seldon.model");
    public static final AttributeKey<String> PIPELINE = AttributeKey.stringKey("seldon.pipeline");

    private static final TextMapGetter<Headers> FROM_RECORD = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header header = headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> INTO_RECORD = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapSetter<List<Map.Entry<String, String>>> INTO_CALL = (headers, key, value) -> {
        headers.removeIf(header -> header.getKey().equals(key));
        headers.add(Map.entry(key, value));
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    private KafkaTracing(OpenTelemetry telemetry) {
        this.tracer = telemetry == null ? null : telemetry.getTracer("io.seldonmesh.kafka");
        this.propagator = telemetry == null ? null : telemetry.getPropagators().getTextMapPropagator();
    }

    /** Tracing through {@code telemetry} (the service's SDK, exporting its spans). */
    public static KafkaTracing with(OpenTelemetry telemetry) {
        return new KafkaTracing(telemetry);
    }

    public boolean enabled() {
        return tracer != null;
    }

    /**
     * A producer span for writing {@code headers}' record to {@code topic}, a child of the current context (e.g. the
     * ingress request's span), its context written into the headers. End it when the broker acknowledges.
     */
    public Span publish(String topic, Headers headers) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        Span span = messaging(topic + " publish", SpanKind.PRODUCER, topic, "publish").setParent(Context.current())
                .startSpan();
        carry(span, headers);
        return span;
    }

    /**
     * A consumer span for handling a record read from {@code topic}, continuing the trace its {@code headers} carry
     * (a new trace when they carry none).
     */
    public Span process(String topic, Headers headers) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        Context carried = propagator.extract(Context.root(), headers, FROM_RECORD);
        return messaging(topic + " process", SpanKind.CONSUMER, topic, "process").setParent(carried).startSpan();
    }

    /**
     * A client span for a call made on behalf of {@code parent} (e.g. to a model server), its context added to the
     * call's {@code headers} so that the server continues the trace.
     */
    public Span call(Span parent, String name, List<Map.Entry<String, String>> headers) {
        if (tracer == null) {
            return Span.getInvalid();
        }
        Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT)
                .setParent(Context.root().with(parent)).startSpan();
        propagator.inject(Context.root().with(span), headers, INTO_CALL);
        return span;
    }

    /** Writes {@code span}'s context into a record's headers, replacing any trace context they carried. */
    public void carry(Span span, Headers headers) {
        if (tracer != null && span.getSpanContext().isValid()) {
            propagator.inject(Context.root().with(span), headers, INTO_RECORD);
        }
    }

    /** Writes the current context (when it has a span) into a record's headers. */
    public void carryCurrent(Headers headers) {
        if (tracer != null) {
            carry(Span.current(), headers);
        }
    }

    /** Ends {@code span}, marked as failed with {@code error} when there is one. */
    public static void end(Span span, Throwable error) {
        if (error != null && span.isRecording()) {
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            span.recordException(error);
        }
        span.end();
    }

    /** Ends {@code span}, marked as failed with {@code problem} when there is one. */
    public static void end(Span span, String problem) {
        if (problem != null && span.isRecording()) {
            span.setStatus(StatusCode.ERROR, problem);
        }
        span.end();
    }

    private io.opentelemetry.api.trace.SpanBuilder messaging(String name, SpanKind kind, String topic, String operation) {
        return tracer.spanBuilder(name).setSpanKind(kind).setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic).setAttribute(OPERATION, operation);
    }
}
