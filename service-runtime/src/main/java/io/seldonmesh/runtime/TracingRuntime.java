package io.seldonmesh.runtime;

import io.opentelemetry.api.OpenTelemetry;
import io.seldonmesh.common.kafka.KafkaTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one {@link KafkaTracing} of a service: through Quarkus' OpenTelemetry SDK when the service has the
 * {@code quarkus-opentelemetry} extension (the services on the inference path) and tracing is on
 * ({@link TracingVariables}); {@link KafkaTracing#OFF} otherwise, so that a service without a collector neither creates
 * spans nor rewrites trace headers.
 */
@ApplicationScoped
public class TracingRuntime {

    private static final Logger LOG = Logger.getLogger(TracingRuntime.class);

    @Produces
    @Singleton
    KafkaTracing kafkaTracing(Instance<OpenTelemetry> telemetry,
                              @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean disabled,
                              @ConfigProperty(name = "quarkus.otel.exporter.otlp.endpoint",
                                      defaultValue = "(Quarkus' default)") String endpoint) {
        if (disabled || !telemetry.isResolvable()) {
            LOG.debugf("tracing is off: set %s to a collector's OTLP endpoint to turn it on", TracingVariables.ENDPOINT);
            return KafkaTracing.OFF;
        }
        LOG.infof("tracing is on: spans go to %s, and trace context travels in Kafka record headers (traceparent)",
                endpoint);
        return KafkaTracing.with(telemetry.get());
    }
}
