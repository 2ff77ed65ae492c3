package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

@RealServers
class OAuthServerTest {

    @Test
    void clientCredentialsTokenNamesTheClientAudienceIssuerAndLifetime(OAuthServer oauth) throws Exception {
        JsonNode claims = claims(oauth.requestToken("secret-sync", "any-secret"));
        assertThat(claims.path("sub").asText()).isEqualTo("secret-sync");
        assertThat(claims.path("iss").asText()).isEqualTo(oauth.issuerUrl());
        assertThat(claims.path("aud").isArray() ? claims.path("aud").get(0).asText() : claims.path("aud").asText())
                .isEqualTo("kafka");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    }

    @Test
    void claimsGivenForAClientAreInItsTokensOnlyAndReplaceStandardOnes() throws Exception {
        try (OAuthServer own = OAuthServer.builder().issuer("claims")
                .clientClaims("deployer", Map.of("roles", List.of("deployer"), "realm_access", Map.of("roles",
                        List.of("admin"))))
                .clientClaims("expired", Map.of("exp", 1_000_000_000L))
                .start()) {
            JsonNode deployer = claims(own.requestToken("deployer", "any-secret"));
            JsonNode other = claims(own.requestToken("other", "any-secret"));
            JsonNode expired = claims(own.requestToken("expired", "any-secret"));

            assertThat(deployer.path("roles").get(0).asText()).isEqualTo("deployer");
            assertThat(deployer.path("realm_access").path("roles").get(0).asText()).isEqualTo("admin");
            assertThat(deployer.path("sub").asText()).isEqualTo("deployer");
            assertThat(other.has("roles")).isFalse();
            assertThat(other.path("sub").asText()).isEqualTo("other");
            assertThat(expired.path("exp").asLong()).isEqualTo(1_000_000_000L);
        }
    }

    @Test
    void urlsAreOnLoopbackUnderTheIssuer(OAuthServer oauth) {
        assertThat(oauth.tokenEndpoint()).isEqualTo("http://127.0.0.1:" + oauth.port() + "/testkit/token");
        assertThat(oauth.jwksUrl("other")).isEqualTo("http://127.0.0.1:" + oauth.port() + "/other/jwks");
        assertThat(oauth.allowedUrls()).containsExactly(oauth.tokenEndpoint(), oauth.jwksUrl(),
                oauth.tokenEndpoint("other"), oauth.jwksUrl("other"));
    }

    @Test
    void allowingUrlsKeepsEntriesAlreadyInTheSystemProperty(OAuthServer oauth) {
        String before = System.getProperty(OAuthServer.ALLOWED_URLS_PROPERTY);
        try {
            System.setProperty(OAuthServer.ALLOWED_URLS_PROPERTY, "https://login.example.com/token");

            oauth.allowUrlsInThisJvm();

            assertThat(System.getProperty(OAuthServer.ALLOWED_URLS_PROPERTY).split(","))
                    .startsWith("https://login.example.com/token")
                    .contains(oauth.tokenEndpoint(), oauth.jwksUrl());
        } finally {
            System.setProperty(OAuthServer.ALLOWED_URLS_PROPERTY, before);
        }
    }

    @Test
    void closingStopsTheProcessAndFreesThePort() {
        OAuthServer own = OAuthServer.builder().issuer("short-lived").start();
        int port = own.port();

        own.close();

        Stopped.assertStopped(own, List.of(port));
    }

    @Test
    void serverListensOnLoopbackOnly(OAuthServer oauth) throws Exception {
        assertThat(ListeningSockets.of(oauth.pid())).isNotEmpty().allMatch(ListeningSockets.Socket::isLoopback);
    }

    private static JsonNode claims(String token) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }
}
