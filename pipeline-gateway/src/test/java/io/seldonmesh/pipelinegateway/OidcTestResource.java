package io.seldonmesh.pipelinegateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seldonmesh.testkit.OAuthServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A token server of its own for the gateway under test, as a Keycloak realm would be: issuer {@code seldon},
 * audience {@code pipeline-gateway}, roles in the nested claim {@code realm_access.roles}; one client per role, one
 * given its role by subject, one whose tokens are expired, and a second issuer ({@code other}) the gateway does not
 * accept. The control API has its own port.
 */
public class OidcTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String AUDIENCE = "pipeline-gateway";
    public static final String DEPLOYER = "ci-deployer";
    public static final String INFERRER = "inference-app";
    public static final String MONITOR = "prometheus";
    /** Has no roles claim: its role comes from SELDON_AUTH_OIDC_SUBJECT_ROLES. */
    public static final String MAPPED_DEPLOYER = "ci-bot";
    public static final String EXPIRED_INFERRER = "expired-app";
    public static final String OTHER_ISSUER = "other";
    public static final String SECRET = "any-secret";

    private static OAuthServer oauth;

    public static OAuthServer oauth() {
        return oauth;
    }

    public static String token(String client) {
        return oauth.requestToken(client, SECRET);
    }

    @Override
    public Map<String, String> start() {
        oauth = OAuthServer.builder().issuer("seldon").audience(AUDIENCE)
                .clientClaims(DEPLOYER, roles("deployer"))
                .clientClaims(INFERRER, roles("inferrer"))
                .clientClaims(MONITOR, roles("monitoring"))
                .clientClaims(EXPIRED_INFERRER, Map.of("realm_access", Map.of("roles", List.of("inferrer")),
                        "exp", 1_000_000_000L))
                .addIssuer(OTHER_ISSUER, AUDIENCE, Duration.ofMinutes(5))
                .start();
        return Map.of(
                "SELDON_AUTH_METHODS", "oidc",
                "SELDON_AUTH_OIDC_ISSUER", oauth.issuerUrl(),
                "SELDON_AUTH_OIDC_AUDIENCE", AUDIENCE,
                "SELDON_AUTH_OIDC_ROLES_CLAIM", "realm_access/roles",
                "SELDON_AUTH_OIDC_SUBJECT_ROLES", MAPPED_DEPLOYER + ":deployer",
                "SELDON_AUTH_METRICS_ROLE", "monitoring",
                "SELDON_CONTROL_PORT", "0");
    }

    @Override
    public void stop() {
        oauth.close();
    }

    private static Map<String, Object> roles(String role) {
        return Map.of("realm_access", Map.of("roles", List.of(role)));
    }
}
