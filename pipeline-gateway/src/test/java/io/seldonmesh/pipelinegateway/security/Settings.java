package io.seldonmesh.pipelinegateway.security;

import io.seldonmesh.pipelinegateway.GatewayConfig;
import io.seldonmesh.runtime.StandaloneConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's security settings as the service reads them: chosen variables over application.properties'
 * defaults, through the gateway's own mapping, so no default is repeated here.
 */
final class Settings {

    private Settings() {
    }

    private static GatewayConfig mapping(Map<String, String> variables) {
        return StandaloneConfig.mapping(GatewayConfig.class, variables);
    }

    private static Map<String, String> with(Map<String, String> variables, String name, String value) {
        Map<String, String> more = new HashMap<>(variables);
        more.put(name, value);
        return more;
    }

    static final class Tls implements GatewayConfig.Tls {

        private final Map<String, String> variables;
        private final GatewayConfig.Tls mapped;

        private Tls(Map<String, String> variables) {
            this.variables = variables;
            this.mapped = mapping(variables).tls();
        }

        /** The defaults: no TLS. */
        static Tls plaintext() {
            return new Tls(Map.of());
        }

        Tls ssl(String key, String certificate) {
            return protocol("SSL").set("SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION", key).certificate(certificate);
        }

        Tls certificate(String location) {
            return set("SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION", location);
        }

        Tls clientCa(String ca, String mode) {
            return set("SELDON_GATEWAY_CLIENT_TLS_CA_LOCATION", ca).set("SELDON_GATEWAY_CLIENT_TLS_AUTH", mode);
        }

        Tls protocol(String value) {
            return set("SELDON_GATEWAY_SECURITY_PROTOCOL", value);
        }

        private Tls set(String name, String value) {
            return new Tls(with(variables, name, value));
        }

        @Override
        public String protocol() {
            return mapped.protocol();
        }

        @Override
        public Optional<String> keyLocation() {
            return mapped.keyLocation();
        }

        @Override
        public Optional<String> certificateLocation() {
            return mapped.certificateLocation();
        }

        @Override
        public Optional<String> clientCaLocation() {
            return mapped.clientCaLocation();
        }

        @Override
        public String clientAuth() {
            return mapped.clientAuth();
        }

        @Override
        public Duration reloadPeriod() {
            return mapped.reloadPeriod();
        }
    }

    static final class Auth implements GatewayConfig.Auth {

        private final Map<String, String> variables;
        private final GatewayConfig.Auth mapped;

        private Auth(Map<String, String> variables) {
            this.variables = variables;
            this.mapped = mapping(variables).auth();
        }

        /** The defaults: nobody is asked who they are. */
        static Auth none() {
            return new Auth(Map.of());
        }

        Auth methods(String... values) {
            return set("SELDON_AUTH_METHODS", String.join(",", values));
        }

        Auth oidc(String issuer, String audience) {
            return set("SELDON_AUTH_OIDC_ISSUER", issuer).set("SELDON_AUTH_OIDC_AUDIENCE", audience);
        }

        Auth subjectRoles(String mapping) {
            return set("SELDON_AUTH_OIDC_SUBJECT_ROLES", mapping);
        }

        Auth clientCertRoles(String mapping) {
            return set("SELDON_AUTH_CLIENT_CERT_ROLES", mapping);
        }

        Auth metricsRole(String role) {
            return set("SELDON_AUTH_METRICS_ROLE", role);
        }

        private Auth set(String name, String value) {
            return new Auth(with(variables, name, value));
        }

        @Override
        public Optional<List<String>> methods() {
            return mapped.methods();
        }

        @Override
        public Optional<String> oidcIssuer() {
            return mapped.oidcIssuer();
        }

        @Override
        public Optional<String> oidcAudience() {
            return mapped.oidcAudience();
        }

        @Override
        public String oidcRolesClaim() {
            return mapped.oidcRolesClaim();
        }

        @Override
        public Optional<String> oidcSubjectRoles() {
            return mapped.oidcSubjectRoles();
        }

        @Override
        public Optional<String> clientCertRoles() {
            return mapped.clientCertRoles();
        }

        @Override
        public Optional<String> metricsRole() {
            return mapped.metricsRole();
        }
    }
}
