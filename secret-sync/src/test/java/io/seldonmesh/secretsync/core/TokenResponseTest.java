package io.seldonmesh.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.secretsync.core.TokenResponse.TokenRequestFailed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenResponseTest {

    private static final TokenEndpoint ENDPOINT = new TokenEndpoint(URI.create("https://idp.example.com/token"));
    private static final Instant SENT = Instant.parse("2026-01-01T00:00:00Z");

    private static String jwt(String claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void expiresInIsCountedFromWhenTheRequestWasSent() throws TokenRequestFailed {
        IssuedToken token = TokenResponse.read(ENDPOINT, 200,
                "{\"access_token\":\"abc\",\"token_type\":\"Bearer\",\"expires_in\":3600}", SENT);
        assertThat(token.value()).isEqualTo("abc");
        assertThat(token.obtainedAt()).isEqualTo(SENT);
        assertThat(token.expiresAt()).isEqualTo(SENT.plus(Duration.ofHours(1)));
    }

    @Test
    void issuerClockSkewDoesNotMatterBecauseOnlyDurationsAreUsed() throws TokenRequestFailed {
        // the issuer's clock is a day ahead: exp is far in our future, iat too; only exp - iat counts
        long issuerNow = SENT.plus(Duration.ofDays(1)).getEpochSecond();
        String token = jwt("{\"iat\":" + issuerNow + ",\"exp\":" + (issuerNow + 300) + "}");
        IssuedToken issued = TokenResponse.read(ENDPOINT, 200, "{\"access_token\":\"" + token + "\"}", SENT);
        assertThat(issued.expiresAt()).isEqualTo(SENT.plusSeconds(300));
    }

    @Test
    void expiresInAsStringIsAccepted() throws TokenRequestFailed {
        assertThat(TokenResponse.read(ENDPOINT, 200, "{\"access_token\":\"abc\",\"expires_in\":\"60\"}", SENT).lifetime())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void errorResponseNamesTheOAuthErrorAndWhatToCheck() {
        assertThatThrownBy(() -> TokenResponse.read(ENDPOINT, 401,
                "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}", SENT))
                .hasMessage("token endpoint https://idp.example.com/token answered HTTP 401: invalid_client bad secret; "
                        + "check client_id, client_secret and scope in the OAuth Secret");
    }

    @Test
    void serverErrorWithHtmlBodyIsDescribedByStatusOnly() {
        assertThatThrownBy(() -> TokenResponse.read(ENDPOINT, 503, "<html>down</html>", SENT))
                .hasMessage("token endpoint https://idp.example.com/token answered HTTP 503");
    }

    @Test
    void successWithoutAccessTokenIsAFailure() {
        assertThatThrownBy(() -> TokenResponse.read(ENDPOINT, 200, "<html>login page</html>", SENT))
                .hasMessageContaining("without an access_token");
    }

    @Test
    void tokenWithoutLifetimeIsAFailureThatDoesNotQuoteIt() {
        assertThatThrownBy(() -> TokenResponse.read(ENDPOINT, 200, "{\"access_token\":\"opaque-secret-token\"}", SENT))
                .hasMessageContaining("without a usable lifetime").message().doesNotContain("opaque-secret-token");
    }

    @Test
    void nonBearerTokenIsRefused() {
        assertThatThrownBy(() -> TokenResponse.read(ENDPOINT, 200,
                "{\"access_token\":\"a\",\"token_type\":\"mac\",\"expires_in\":60}", SENT))
                .hasMessageContaining("type 'mac'");
    }

    @Test
    void issuedTokenNeverPrintsItsValue() throws TokenRequestFailed {
        IssuedToken token = TokenResponse.read(ENDPOINT, 200, "{\"access_token\":\"abc123\",\"expires_in\":60}", SENT);
        assertThat(token.toString()).doesNotContain("abc123");
    }
}
