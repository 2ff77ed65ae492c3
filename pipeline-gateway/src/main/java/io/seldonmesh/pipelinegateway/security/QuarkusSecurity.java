package io.seldonmesh.pipelinegateway.security;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.vertx.http.security.HttpSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * The parts of Quarkus that follow from the security settings at run time: the OIDC tenant whose tokens are
 * verified, and whether the REST listener asks for client certificates.
 */
@ApplicationScoped
public class QuarkusSecurity {

    /** Replaces quarkus-oidc's default tenant (disabled in application.properties) when tokens are accepted. */
    void oidcTenant(@Observes Oidc oidc, AccessSettings settings) {
        settings.oidc().ifPresent(issuer -> oidc.create(OidcTenantConfig.authServerUrl(issuer.url())
                .applicationType(ApplicationType.SERVICE)
                .token().audience(issuer.audience()).principalClaim("sub").end()
                .roles().roleClaimPath(issuer.rolesClaim()).end()
                .build()));
    }

    /**
     * Quarkus reads the REST listener's client authentication at build time, except when set here: with a client CA,
     * client certificates are asked for (or required) on the TLS registry entry the listener serves.
     */
    void restClientCertificates(@Observes HttpSecurity http, Optional<ServerTls> tls) {
        tls.filter(t -> t.clientCa().isPresent()).ifPresent(t -> http.mTLS(t.clientAuth()));
    }
}
