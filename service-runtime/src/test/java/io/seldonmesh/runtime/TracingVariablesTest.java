package io.seldonmesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TracingVariablesTest {

    @Test
    void offWithoutAnEndpoint() {
        assertThat(TracingVariables.quarkusProperties(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), Set.of()))
                .isEmpty();
        assertThat(TracingVariables.quarkusProperties(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " "), Set.of())).isEmpty();
    }

    @Test
    void theEndpointTurnsTracingOnAndTheStandardRefinementsFollow() {
        assertThat(TracingVariables.quarkusProperties(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318 ",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG", "0.1"), Set.of()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "quarkus.otel.sdk.disabled", "false",
                        "quarkus.otel.exporter.otlp.endpoint", "http://collector:4318",
                        "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                        "quarkus.otel.traces.sampler", "parentbased_traceidratio",
                        "quarkus.otel.traces.sampler.arg", "0.1"));
    }

    @Test
    void quarkusOwnSettingsWin() {
        assertThat(TracingVariables.quarkusProperties(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "QUARKUS_OTEL_SDK_DISABLED", "true"), Set.of("quarkus.otel.exporter.otlp.endpoint")))
                .isEmpty();
    }
}
