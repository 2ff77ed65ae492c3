package io.seldonmesh.pipelinegateway.security;

import io.seldonmesh.pipelinegateway.GatewayConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The gateway's security settings as plain values, the way application.properties' defaults give them. */
final class Settings {

    private Settings() {
    }

    record Tls(String protocol, Optional<String> keyLocation, Optional<String> certificateLocation,
               Optional<String> clientCaLocation, String clientAuth, Duration reloadPeriod)
            implements GatewayConfig.Tls {

        static Tls plaintext() {
            return new Tls("PLAINTEXT", Optional.empty(), Optional.empty(), Optional.empty(), "request",
                    Duration.ofSeconds(10));
        }

        Tls ssl(String key, String certificate) {
            return new Tls("SSL", Optional.of(key), Optional.of(certificate), clientCaLocation, clientAuth,
                    reloadPeriod);
        }

        Tls clientCa(String ca, String mode) {
            return new Tls(protocol, keyLocation, certificateLocation, Optional.of(ca), mode, reloadPeriod);
        }

        Tls protocol(String value) {
            return new Tls(value, keyLocation, certificateLocation, clientCaLocation, clientAuth, reloadPeriod);
        }
    }

    record Auth(Optional<List<String>> methods, Optional<String> oidcIssuer, Optional<String> oidcAudience,
                String oidcRolesClaim, Optional<String> oidcSubjectRoles, Optional<String> clientCertRoles,
                Optional<String> metricsRole) implements GatewayConfig.Auth {

        static Auth none() {
            return new Auth(Optional.empty(), Optional.empty(), Optional.empty(), "roles", Optional.empty(),
                    Optional.empty(), Optional.empty());
        }

        Auth methods(String... values) {
            return new Auth(Optional.of(List.of(values)), oidcIssuer, oidcAudience, oidcRolesClaim, oidcSubjectRoles,
                    clientCertRoles, metricsRole);
        }

        Auth oidc(String issuer, String audience) {
            return new Auth(methods, Optional.of(issuer), Optional.of(audience), oidcRolesClaim, oidcSubjectRoles,
                    clientCertRoles, metricsRole);
        }

        Auth subjectRoles(String mapping) {
            return new Auth(methods, oidcIssuer, oidcAudience, oidcRolesClaim, Optional.of(mapping), clientCertRoles,
                    metricsRole);
        }

        Auth clientCertRoles(String mapping) {
            return new Auth(methods, oidcIssuer, oidcAudience, oidcRolesClaim, oidcSubjectRoles, Optional.of(mapping),
                    metricsRole);
        }

        Auth metricsRole(String role) {
            return new Auth(methods, oidcIssuer, oidcAudience, oidcRolesClaim, oidcSubjectRoles, clientCertRoles,
                    Optional.of(role));
        }
    }
}
