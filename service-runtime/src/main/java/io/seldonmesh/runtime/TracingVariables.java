package io.seldonmesh.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenTelemetry's standard variables, read as Quarkus' settings: tracing is off by default and on by one variable,
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the collector, e.g. {@code http://otel-collector.observability:4317}).
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL} ({@code grpc}, the default, or {@code http/protobuf}),
 * {@code OTEL_TRACES_SAMPLER} and {@code OTEL_TRACES_SAMPLER_ARG} (e.g. {@code parentbased_traceidratio} and
 * {@code 0.1}) refine it. Quarkus' own {@code QUARKUS_OTEL_*} settings win where both are given. Pure: the
 * environment and the properties already set are passed in.
 */
public final class TracingVariables {

    public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static final Map<String, String> REFINEMENTS = Map.of(
            "OTEL_EXPORTER_OTLP_PROTOCOL", "quarkus.otel.exporter.otlp.protocol",
            "OTEL_TRACES_SAMPLER", "quarkus.otel.traces.sampler",
            "OTEL_TRACES_SAMPLER_ARG", "quarkus.otel.traces.sampler.arg");

    private TracingVariables() {
    }

    /**
     * The system properties to set before Quarkus starts: none when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is unset, or
     * when the property is given already (one of the system properties {@code given}, or its {@code QUARKUS_*}
     * variable).
     */
    public static Map<String, String> quarkusProperties(Map<String, String> environment, Set<String> given) {
        Map<String, String> properties = new LinkedHashMap<>();
        String endpoint = environment.get(ENDPOINT);
        if (endpoint == null || endpoint.isBlank()) {
            return properties;
        }
        properties.put("quarkus.otel.sdk.disabled", "false");
        properties.put("quarkus.otel.exporter.otlp.endpoint", endpoint.trim());
        REFINEMENTS.forEach((variable, property) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                properties.put(property, value.trim());
            }
        });
        properties.keySet().removeIf(property -> given.contains(property)
                || environment.containsKey(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('/', '_')));
        return properties;
    }
}
