package io.seldonmesh.secretsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Reads a token endpoint's answer to a client-credentials grant (RFC 6749 section 5). The lifetime comes from
 * {@code expires_in}, else from the token's own {@code exp - iat} claims; both are durations, so adding them to
 * the local time the request was sent tolerates any skew between the issuer's clock and ours. Failures are
 * described without the response body, which for a success holds the token.
 */
public final class TokenResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenResponse() {
    }

    /** Why a token request failed, for a log line, an Event and the readiness check. */
    public static final class TokenRequestFailed extends Exception {
        public TokenRequestFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param sentAt the local time the request was sent
     */
    public static IssuedToken read(TokenEndpoint endpoint, int status, String body, Instant sentAt) throws TokenRequestFailed {
        JsonNode json = parse(body);
        if (status != 200) {
            String error = json == null ? "" : (": " + abbreviate(json.path("error").asText("")) + " "
                    + abbreviate(json.path("error_description").asText(""))).stripTrailing();
            throw new TokenRequestFailed("token endpoint " + endpoint + " answered HTTP " + status + error
                    + (status == 400 || status == 401 ? "; check client_id, client_secret and scope in the OAuth Secret" : ""));
        }
        if (json == null || !json.path("access_token").isTextual() || json.path("access_token").asText().isBlank()) {
            throw new TokenRequestFailed("token endpoint " + endpoint + " answered HTTP 200 without an access_token "
                    + "in a JSON body; is token_endpoint_url the token endpoint of the identity provider?");
        }
        String token = json.path("access_token").asText();
        String type = json.path("token_type").asText("Bearer");
        if (!type.equalsIgnoreCase("Bearer")) {
            throw new TokenRequestFailed("token endpoint " + endpoint + " issued a token of type '" + abbreviate(type)
                    + "'; Kafka's OAUTHBEARER needs a Bearer token");
        }
        Duration lifetime = lifetime(json, token);
        if (lifetime == null || lifetime.isZero() || lifetime.isNegative()) {
            throw new TokenRequestFailed("token endpoint " + endpoint + " issued a token without a usable lifetime "
                    + "(no positive expires_in and no exp/iat claims); secret-sync cannot tell when to renew it");
        }
        return new IssuedToken(token, sentAt, sentAt.plus(lifetime));
    }

    private static Duration lifetime(JsonNode json, String token) {
        JsonNode expiresIn = json.path("expires_in");
        if (expiresIn.canConvertToLong() || (expiresIn.isTextual() && expiresIn.asText().matches("\\d+"))) {
            return Duration.ofSeconds(expiresIn.asLong());
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            if (claims.path("exp").canConvertToLong() && claims.path("iat").canConvertToLong()) {
                return Duration.ofSeconds(claims.path("exp").asLong() - claims.path("iat").asLong());
            }
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
