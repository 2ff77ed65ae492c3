package io.seldonmesh.pipelinegateway.security;

import io.seldonmesh.pipelinegateway.GatewayConfig;
import io.vertx.core.http.ClientAuth;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * Who may call the gateway, checked as a whole at start-up: a method named in {@code SELDON_AUTH_METHODS} must have
 * what it needs, and a setting of a method not named is an error rather than silently unused.
 */
public record AccessSettings(Set<AuthMethod> methods, Optional<OidcIssuer> oidc, SubjectRoles certificateRoles,
                             Optional<String> metricsRole) {

    /** The issuer whose bearer tokens are accepted, and where a token's roles come from. */
    public record OidcIssuer(String url, String audience, String rolesClaim, SubjectRoles subjectRoles) {
    }

    /** For the start-up log line: who must authenticate, and how. */
    public String describe() {
        if (!enabled()) {
            return "not authenticated (SELDON_AUTH_METHODS is empty)";
        }
        return "must authenticate by " + methods + oidc.map(issuer -> " (tokens of " + issuer.url() + " for audience "
                + issuer.audience() + ", roles from claim " + issuer.rolesClaim() + ")").orElse("");
    }

    public boolean enabled() {
        return !methods.isEmpty();
    }

    public boolean accepts(AuthMethod method) {
        return methods.contains(method);
    }

    /** @throws IllegalArgumentException naming the variable, the value seen and what is expected */
    public static AccessSettings from(GatewayConfig.Auth auth, Optional<ServerTls> tls) {
        Set<AuthMethod> methods = AuthMethod.parse(auth.methods().orElse(List.of()));
        Optional<String> metricsRole = auth.metricsRole().map(String::trim).filter(role -> !role.isEmpty());
        if (methods.isEmpty()) {
            unused("SELDON_AUTH_METRICS_ROLE", metricsRole, "oidc or mtls");
        }
        Set<String> roles = Arrays.stream(CallerRole.values()).map(CallerRole::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        metricsRole.ifPresent(roles::add);
        Optional<OidcIssuer> oidc = oidc(auth, methods.contains(AuthMethod.OIDC), roles);
        SubjectRoles certificateRoles = certificateRoles(auth, methods.contains(AuthMethod.MTLS), tls, roles);
        return new AccessSettings(methods, oidc, certificateRoles, metricsRole);
    }

    private static Optional<OidcIssuer> oidc(GatewayConfig.Auth auth, boolean named, Set<String> roles) {
        if (!named) {
            unused("SELDON_AUTH_OIDC_ISSUER", auth.oidcIssuer(), "oidc");
            unused("SELDON_AUTH_OIDC_AUDIENCE", auth.oidcAudience(), "oidc");
            unused("SELDON_AUTH_OIDC_SUBJECT_ROLES", auth.oidcSubjectRoles(), "oidc");
            return Optional.empty();
        }
        String issuer = required("SELDON_AUTH_OIDC_ISSUER", auth.oidcIssuer(), "the issuer URL, e.g."
                + " https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE (its /.well-known/openid-configuration names"
                + " the JWKS)");
        URI url = URI.create(issuer);
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("SELDON_AUTH_OIDC_ISSUER='" + issuer + "' is not an http(s) URL");
        }
        String audience = required("SELDON_AUTH_OIDC_AUDIENCE", auth.oidcAudience(), "the audience tokens for this"
                + " gateway carry in 'aud' (tokens for other services of the same issuer must not be accepted)");
        if (auth.oidcRolesClaim().isBlank()) {
            throw new IllegalArgumentException("SELDON_AUTH_OIDC_ROLES_CLAIM is empty: name the claim holding a"
                    + " token's roles, e.g. roles, groups or realm_access/roles");
        }
        SubjectRoles subjects = auth.oidcSubjectRoles().map(text -> roles("SELDON_AUTH_OIDC_SUBJECT_ROLES", text,
                UnaryOperator.identity(), roles)).orElse(SubjectRoles.none());
        return Optional.of(new OidcIssuer(issuer, audience, auth.oidcRolesClaim().trim(), subjects));
    }

    private static SubjectRoles certificateRoles(GatewayConfig.Auth auth, boolean named, Optional<ServerTls> tls,
                                                 Set<String> roles) {
        boolean requested = tls.filter(t -> t.clientAuth() == ClientAuth.REQUEST).isPresent();
        if (!named) {
            unused("SELDON_AUTH_CLIENT_CERT_ROLES", auth.clientCertRoles(), "mtls");
            if (requested) {
                throw new IllegalArgumentException("SELDON_GATEWAY_CLIENT_TLS_CA_LOCATION is set with"
                        + " SELDON_GATEWAY_CLIENT_TLS_AUTH=request but SELDON_AUTH_METHODS does not include mtls:"
                        + " client certificates would be asked for and not used; add mtls, or set"
                        + " SELDON_GATEWAY_CLIENT_TLS_AUTH=required to admit only clients with a certificate");
            }
            return SubjectRoles.none();
        }
        if (tls.flatMap(ServerTls::clientCa).isEmpty()) {
            throw new IllegalArgumentException("SELDON_AUTH_METHODS includes mtls but no client certificate is asked"
                    + " for: set SELDON_GATEWAY_SECURITY_PROTOCOL=SSL and SELDON_GATEWAY_CLIENT_TLS_CA_LOCATION (the CA"
                    + " that signs the clients' certificates)");
        }
        String text = required("SELDON_AUTH_CLIENT_CERT_ROLES", auth.clientCertRoles(), "the roles of each"
                + " certificate subject, e.g. 'CN=ci-deployer:deployer;CN=inference-app:inferrer'");
        return roles("SELDON_AUTH_CLIENT_CERT_ROLES", text,
                subject -> new X500Principal(subject).getName(X500Principal.CANONICAL), roles);
    }

    private static SubjectRoles roles(String variable, String text, UnaryOperator<String> canonical,
                                      Set<String> known) {
        SubjectRoles parsed = SubjectRoles.parse(variable, text, canonical);
        parsed.allRoles().stream().filter(role -> !known.contains(role)).findFirst().ifPresent(unknown -> {
            throw new IllegalArgumentException(variable + "='" + text + "': '" + unknown + "' is not a role of the"
                    + " gateway; use " + String.join(", ", known));
        });
        return parsed;
    }

    private static String required(String variable, Optional<String> value, String expected) {
        return value.map(String::trim).filter(v -> !v.isEmpty()).orElseThrow(() ->
                new IllegalArgumentException(variable + " is not set: give " + expected));
    }

    private static void unused(String variable, Optional<String> value, String method) {
        if (value.filter(v -> !v.isBlank()).isPresent()) {
            throw new IllegalArgumentException(variable + "='" + value.get() + "' is set but SELDON_AUTH_METHODS does"
                    + " not include " + method + ", so it would not be used: add " + method + " to"
                    + " SELDON_AUTH_METHODS, or unset " + variable);
        }
    }
}
