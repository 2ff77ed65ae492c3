package io.seldonmesh.pipelinegateway.security;

import io.quarkus.runtime.configuration.DurationConverter;
import io.seldonmesh.pipelinegateway.GatewayConfig;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The one place Seldon-style TLS variables become Quarkus settings: with {@code SELDON_GATEWAY_SECURITY_PROTOCOL=SSL}
 * a TLS registry entry (PEM key and certificate, the client CA, a reload period) that the REST listener serves; the
 * gRPC and control listeners take the same entry. A registry entry cannot be declared conditionally in
 * application.properties (its files are read at start-up whether used or not), hence a config source built from
 * the gateway's own settings as they are being read.
 */
public final class TlsRegistryProperties implements ConfigSourceFactory {

    /** Above application.properties, below environment variables: a QUARKUS_TLS_* variable still wins. */
    private static final int ORDINAL = 275;
    private static final String ENTRY = "quarkus.tls." + ServerTls.REGISTRY_NAME + ".";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> properties = ServerTls.from(new ContextTls(context)).map(TlsRegistryProperties::of)
                .orElse(Map.of());
        return List.of(new PropertiesConfigSource(properties, "pipeline-gateway TLS settings", ORDINAL));
    }

    static Map<String, String> of(ServerTls tls) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(ENTRY + "key-store.pem.server.key", tls.key().toString());
        properties.put(ENTRY + "key-store.pem.server.cert", tls.certificate().toString());
        tls.clientCa().ifPresent(ca -> properties.put(ENTRY + "trust-store.pem.certs", ca.toString()));
        properties.put(ENTRY + "reload-period", tls.reloadPeriod().toMillis() + "ms");
        properties.put("quarkus.http.tls-configuration-name", ServerTls.REGISTRY_NAME);
        // TLS on the HTTP port itself, and no plain-text listener beside it
        properties.put("quarkus.http.ssl-port", "${quarkus.http.port}");
        properties.put("quarkus.http.insecure-requests", "disabled");
        return properties;
    }

    /** The gateway's TLS settings read from the configuration being built (the mapping does not exist yet). */
    private record ContextTls(ConfigSourceContext context) implements GatewayConfig.Tls {

        @Override
        public String protocol() {
            return required("protocol");
        }

        @Override
        public Optional<String> keyLocation() {
            return value("key-location");
        }

        @Override
        public Optional<String> certificateLocation() {
            return value("certificate-location");
        }

        @Override
        public Optional<String> clientCaLocation() {
            return value("client-ca-location");
        }

        @Override
        public String clientAuth() {
            return required("client-auth");
        }

        @Override
        public Duration reloadPeriod() {
            return DurationConverter.parseDuration(required("reload-period"));
        }

        /** Every one has its default in application.properties. */
        private String required(String name) {
            return value(name).orElseThrow(() -> new IllegalStateException("pipeline-gateway.tls." + name
                    + " has no value: application.properties gives every TLS setting a default"));
        }

        private Optional<String> value(String name) {
            ConfigValue value = context.getValue("pipeline-gateway.tls." + name);
            return Optional.ofNullable(value == null ? null : value.getValue()).filter(v -> !v.isBlank());
        }
    }
}
