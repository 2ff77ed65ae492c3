package io.seldonmesh.pipelinegateway.security;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.vertx.http.security.HttpSecurity;
import io.seldonmesh.pipelinegateway.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The security settings, checked at start-up (a wrong one stops it, naming the variable), and the parts of Quarkus
 * that follow from them at run time: the OIDC tenant whose tokens are verified, and whether the REST listener asks
 * for client certificates.
 */
@ApplicationScoped
public class SecurityWiring {

    private static final Logger LOG = Logger.getLogger(SecurityWiring.class);

    @Produces
    @Singleton
    Optional<ServerTls> serverTls(GatewayConfig config) {
        return ServerTls.from(config.tls());
    }

    @Produces
    @Singleton
    AccessSettings accessSettings(GatewayConfig config, Optional<ServerTls> tls) {
        AccessSettings settings = AccessSettings.from(config.auth(), tls);
        LOG.infof("listeners: %s; callers: %s", tls.map(SecurityWiring::describe).orElse("plain text (no TLS)"),
                settings.enabled() ? "must authenticate by " + settings.methods() + describeOidc(settings)
                        : "not authenticated (SELDON_AUTH_METHODS is empty)");
        return settings;
    }

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

    private static String describe(ServerTls tls) {
        String clients = tls.clientCa().map(ca -> ", client certificates "
                + tls.clientAuth().name().toLowerCase(Locale.ROOT) + " (CA " + ca + ")").orElse("");
        return "TLS with " + tls.certificate() + clients + ", files read every " + tls.reloadPeriod();
    }

    private static String describeOidc(AccessSettings settings) {
        return settings.oidc().map(issuer -> " (tokens of " + issuer.url() + " for audience " + issuer.audience()
                + ", roles from claim " + issuer.rolesClaim() + ")").orElse("");
    }
}
