package io.seldonmesh.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class RequestLogContextTest {

    @Test
    void fieldsAreInTheLogContextWhileOpenAndGoneAfter() {
        try (RequestLogContext ignored = RequestLogContext.of(Span.getInvalid(), "iris", null, "r1")) {
            assertThat(MDC.get("model")).isEqualTo("iris");
            assertThat(MDC.get("requestId")).isEqualTo("r1");
            assertThat(MDC.get("pipeline")).isNull();
            assertThat(MDC.get("traceId")).isNull();
            assertThat(Span.current().getSpanContext().isValid()).isFalse();
        }
        assertThat(MDC.get("model")).isNull();
        assertThat(MDC.get("requestId")).isNull();
    }

    @Test
    void anInnerContextKeepsTheOuterFieldsAndMakesTheRequestsSpanCurrent() {
        try (SdkTracerProvider tracer = SdkTracerProvider.builder().build()) {
            Span span = tracer.get("test").spanBuilder("process").startSpan();
            try (RequestLogContext outer = RequestLogContext.of(Span.getInvalid(), null, "chain", "r1")) {
                try (RequestLogContext inner = RequestLogContext.of(span, "add10", "other", "r2")) {
                    assertThat(MDC.get("pipeline")).isEqualTo("chain");
                    assertThat(MDC.get("requestId")).isEqualTo("r1");
                    assertThat(MDC.get("model")).isEqualTo("add10");
                    assertThat(Span.current()).isSameAs(span);
                    assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
                    assertThat(MDC.get("spanId")).isEqualTo(span.getSpanContext().getSpanId());
                }
                assertThat(MDC.get("model")).isNull();
                assertThat(MDC.get("traceId")).isNull();
                assertThat(MDC.get("pipeline")).isEqualTo("chain");
                assertThat(Span.current().getSpanContext().isValid()).isFalse();
            }
            span.end();
        }
    }
}
