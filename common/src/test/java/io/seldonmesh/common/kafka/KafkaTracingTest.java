package io.seldonmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaTracingTest {

    private static final String UPSTREAM = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final KafkaTracing tracing = KafkaTracing.with(sdk);

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void aRecordsHopsAndTheModelCallFormOneTraceContinuingTheCallersOne() {
        Headers request = headers(UPSTREAM);
        Span process = tracing.process("seldon.default.model.iris.inputs", request);
        List<Map.Entry<String, String>> callHeaders = new ArrayList<>(List.of(Map.entry("x-request-id", "r1")));
        Span call = tracing.call(process, "infer iris", callHeaders);
        KafkaTracing.end(call, (String) null);
        Headers output = headers(UPSTREAM);
        tracing.carry(process, output);
        KafkaTracing.end(process, (String) null);

        SpanData consumer = span(SpanKind.CONSUMER);
        SpanData client = span(SpanKind.CLIENT);
        assertThat(consumer.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(consumer.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(consumer.getName()).isEqualTo("seldon.default.model.iris.inputs process");
        assertThat(client.getParentSpanId()).isEqualTo(consumer.getSpanId());
        assertThat(client.getTraceId()).isEqualTo(consumer.getTraceId());
        // the model server continues the client span; the next reader of the output continues the consumer span
        assertThat(callHeaders).contains(Map.entry("traceparent",
                "00-" + client.getTraceId() + "-" + client.getSpanId() + "-01"));
        assertThat(callHeaders).contains(Map.entry("x-request-id", "r1"));
        assertThat(values(output, "traceparent")).containsExactly(
                "00-" + consumer.getTraceId() + "-" + consumer.getSpanId() + "-01");
    }

    @Test
    void aPublishedRecordIsAChildOfTheCurrentSpanAndCarriesItsOwnContext() {
        Span ingress = sdk.getTracer("test").spanBuilder("POST /v2/models/iris/infer").setSpanKind(SpanKind.SERVER)
                .startSpan();
        Headers headers = headers(UPSTREAM);
        Span publish;
        try (Scope ignored = ingress.makeCurrent()) {
            publish = tracing.publish("seldon.default.model.iris.inputs", headers);
        }
        KafkaTracing.end(publish, new IllegalStateException("broker gone"));
        ingress.end();

        SpanData producer = span(SpanKind.PRODUCER);
        assertThat(producer.getParentSpanId()).isEqualTo(ingress.getSpanContext().getSpanId());
        assertThat(producer.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(producer.getAttributes().get(KafkaTracing.DESTINATION)).isEqualTo("seldon.default.model.iris.inputs");
        assertThat(values(headers, "traceparent")).containsExactly(
                "00-" + producer.getTraceId() + "-" + producer.getSpanId() + "-01");
    }

    @Test
    void aRecordWithoutTraceContextStartsANewTrace() {
        Span process = tracing.process("t", new RecordHeaders());
        process.end();
        assertThat(span(SpanKind.CONSUMER).getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void offLeavesHeadersAsTheyArrivedAndRecordsNothing() {
        Headers headers = headers(UPSTREAM);
        Span process = KafkaTracing.OFF.process("t", headers);
        List<Map.Entry<String, String>> callHeaders = new ArrayList<>();
        KafkaTracing.end(KafkaTracing.OFF.call(process, "infer", callHeaders), (String) null);
        KafkaTracing.OFF.carry(process, headers);
        KafkaTracing.end(KafkaTracing.OFF.publish("t", headers), (String) null);

        assertThat(KafkaTracing.OFF.enabled()).isFalse();
        assertThat(process.getSpanContext().isValid()).isFalse();
        assertThat(callHeaders).isEmpty();
        assertThat(values(headers, "traceparent")).containsExactly(UPSTREAM);
    }

    private SpanData span(SpanKind kind) {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getKind() == kind).findFirst().orElseThrow();
    }

    private static Headers headers(String traceparent) {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        headers.add("x-request-id", "r1".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static List<String> values(Headers headers, String key) {
        List<String> values = new ArrayList<>();
        headers.headers(key).forEach(header -> values.add(new String(header.value(), StandardCharsets.UTF_8)));
        return values;
    }
}
