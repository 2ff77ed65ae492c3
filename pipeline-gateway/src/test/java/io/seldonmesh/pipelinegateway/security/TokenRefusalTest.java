package io.seldonmesh.pipelinegateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.AuthenticationFailedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenRefusalTest {

    private static final String ISSUER = "http://127.0.0.1:8080/seldon";
    private static final AccessSettings.OidcIssuer ACCEPTED = new AccessSettings.OidcIssuer(ISSUER, "pipeline-gateway",
            "roles", SubjectRoles.none());
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final AuthenticationFailedException REFUSED = new AuthenticationFailedException(
            new IllegalStateException("Signature verification failed"));

    @Test
    void anotherIssuersTokenNamesBothIssuers() {
        String token = token("""
                {"iss":"http://127.0.0.1:8080/other","aud":["pipeline-gateway"],"exp":1780318800}""");

        assertThat(TokenRefusal.why(token, ACCEPTED, NOW, REFUSED)).isEqualTo("it was issued by"
                + " 'http://127.0.0.1:8080/other' and this gateway accepts tokens of '" + ISSUER
                + "' (SELDON_AUTH_OIDC_ISSUER)");
    }

    @Test
    void anExpiredTokenSaysWhenItExpired() {
        String token = token("""
                {"iss":"http://127.0.0.1:8080/seldon/","aud":"pipeline-gateway","exp":1000000000}""");

        assertThat(TokenRefusal.why(token, ACCEPTED, NOW, REFUSED))
                .isEqualTo("it expired at 2001-09-09T01:46:40Z; get a new one from " + ISSUER);
    }

    @Test
    void aTokenForAnotherAudienceNamesBoth() {
        String token = token("""
                {"iss":"http://127.0.0.1:8080/seldon","aud":["kafka"],"exp":1780318800}""");

        assertThat(TokenRefusal.why(token, ACCEPTED, NOW, REFUSED)).startsWith("its audience [kafka] does not include"
                + " 'pipeline-gateway' (SELDON_AUTH_OIDC_AUDIENCE)");
    }

    @Test
    void aTokenWhoseClaimsAreRightFailsOnItsSignature() {
        String token = token("""
                {"iss":"http://127.0.0.1:8080/seldon","aud":["pipeline-gateway"],"exp":1780318800}""");

        assertThat(TokenRefusal.why(token, ACCEPTED, NOW, REFUSED)).isEqualTo("it does not verify against the keys of '"
                + ISSUER + "': Signature verification failed");
    }

    @Test
    void somethingThatIsNotAJwtIsSaidToBeNone() {
        assertThat(TokenRefusal.why("opaque-token", ACCEPTED, NOW, REFUSED)).startsWith("it is not a JWT");
        assertThat(TokenRefusal.why("a.b.c", ACCEPTED, NOW, REFUSED)).startsWith("it is not a JWT");
    }

    private static String token(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.strip().getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }
}
