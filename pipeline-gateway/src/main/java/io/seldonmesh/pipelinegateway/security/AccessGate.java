package io.seldonmesh.pipelinegateway.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Decides whether a request may go, for REST and gRPC alike: a bearer token (when OIDC is on and one is sent) is
 * verified by quarkus-oidc against the issuer's keys, else a client certificate (verified by the TLS handshake) is
 * looked up by subject; the caller's roles are then compared with the role the action needs. A token is an explicit
 * credential of this request, a certificate only of the connection (possibly a proxy's), hence the token first.
 */
@ApplicationScoped
public class AccessGate {

    private static final String BEARER = "bearer ";

    @Inject
    AccessSettings settings;

    @Inject
    Instance<TenantIdentityProvider> tokens;

    /**
     * @param action        for messages: {@code PUT /v1/models/iris}, {@code gRPC ModelInfer}
     * @param role          the role the action needs; empty for an open one
     * @param authorization the {@code authorization} header or metadata, if sent
     * @param tls           the connection's TLS session, if any
     * @return empty when the request may go; else why not, as a 401, 403 (or 503 when tokens cannot be checked)
     */
    public Uni<Optional<InferenceFailure>> check(String action, Optional<String> role, Optional<String> authorization,
                                                 Optional<SSLSession> tls) {
        if (!settings.enabled() || role.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        String needed = role.get();
        Optional<String> token = settings.oidc().flatMap(issuer -> authorization.flatMap(AccessGate::bearerToken));
        if (token.isPresent()) {
            AccessSettings.OidcIssuer issuer = settings.oidc().orElseThrow();
            return tokens.get().authenticate(new AccessTokenCredential(token.get()))
                    .map(identity -> AccessDecision.forCaller(action, needed, tokenCaller(identity, issuer)))
                    .onFailure().recoverWithItem(failure -> Optional.of(refused(action, needed, token.get(), issuer,
                            failure)));
        }
        Optional<X509Certificate> certificate = tls.filter(session -> settings.accepts(AuthMethod.MTLS))
                .flatMap(AccessGate::peerCertificate);
        if (certificate.isPresent()) {
            Caller caller = certificateCaller(certificate.get());
            return Uni.createFrom().item(AccessDecision.forCaller(action, needed, caller));
        }
        return Uni.createFrom().item(Optional.of(AccessDecision.noCredential(action, needed, settings)));
    }

    public AccessSettings settings() {
        return settings;
    }

    private Caller tokenCaller(SecurityIdentity identity, AccessSettings.OidcIssuer issuer) {
        String subject = identity.getPrincipal().getName();
        Set<String> roles = new HashSet<>(identity.getRoles());
        roles.addAll(issuer.subjectRoles().of(subject));
        return new Caller("token subject '" + subject + "'", roles, "the token's '" + issuer.rolesClaim()
                + "' claim, and SELDON_AUTH_OIDC_SUBJECT_ROLES");
    }

    private Caller certificateCaller(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        return new Caller("client certificate '" + subject + "'", settings.certificateRoles().of(subject),
                "SELDON_AUTH_CLIENT_CERT_ROLES");
    }

    private InferenceFailure refused(String action, String role, String token, AccessSettings.OidcIssuer issuer,
                                     Throwable failure) {
        if (failure instanceof AuthenticationFailedException) {
            return AccessDecision.tokenRefused(action, role, TokenRefusal.why(token, issuer, Instant.now(), failure));
        }
        return AccessDecision.tokensUnverifiable(action, issuer.url(), String.valueOf(failure.getMessage()));
    }

    private static Optional<String> bearerToken(String authorization) {
        String value = authorization.trim();
        return value.toLowerCase(Locale.ROOT).startsWith(BEARER)
                ? Optional.of(value.substring(BEARER.length()).trim()).filter(token -> !token.isEmpty())
                : Optional.empty();
    }

    private static Optional<X509Certificate> peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate first ? Optional.of(first)
                    : Optional.empty();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return Optional.empty();
        }
    }
}
