package io.seldonmesh.pipelinegateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.seldonmesh.common.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Why quarkus-oidc refused a bearer token, in words for the caller. Its own exception says little a caller can act
 * on, so the token's claims (read without verification, only to explain) are compared with what the gateway accepts;
 * what remains is the signature.
 */
final class TokenRefusal {

    private TokenRefusal() {
    }

    static String why(String token, AccessSettings.OidcIssuer issuer, Instant now, Throwable failure) {
        Optional<JsonNode> claims = claims(token);
        if (claims.isEmpty()) {
            return "it is not a JWT (three base64url parts, the middle one a JSON object of claims)";
        }
        JsonNode claim = claims.get();
        String tokenIssuer = claim.path("iss").asText("");
        if (!withoutTrailingSlash(tokenIssuer).equals(withoutTrailingSlash(issuer.url()))) {
            return "it was issued by '" + tokenIssuer + "' and this gateway accepts tokens of '" + issuer.url()
                    + "' (SELDON_AUTH_OIDC_ISSUER)";
        }
        if (claim.has("exp") && !Instant.ofEpochSecond(claim.path("exp").asLong()).isAfter(now)) {
            return "it expired at " + Instant.ofEpochSecond(claim.path("exp").asLong()) + "; get a new one from "
                    + issuer.url();
        }
        List<String> audiences = audiences(claim.path("aud"));
        if (!audiences.contains(issuer.audience())) {
            return "its audience " + audiences + " does not include '" + issuer.audience()
                    + "' (SELDON_AUTH_OIDC_AUDIENCE): ask the issuer for a token for that audience";
        }
        if (claim.has("nbf") && Instant.ofEpochSecond(claim.path("nbf").asLong()).isAfter(now)) {
            return "it is not valid before " + Instant.ofEpochSecond(claim.path("nbf").asLong());
        }
        return "it does not verify against the keys of '" + issuer.url() + "': " + rootMessage(failure);
    }

    private static Optional<JsonNode> claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = Json.json().readTree(Base64.getUrlDecoder().decode(parts[1]));
            return Optional.ofNullable(claims).filter(JsonNode::isObject);
        } catch (IOException | IllegalArgumentException notJson) {
            return Optional.empty();
        }
    }

    private static List<String> audiences(JsonNode aud) {
        List<String> audiences = new ArrayList<>();
        if (aud.isArray()) {
            aud.forEach(one -> audiences.add(one.asText()));
        } else if (aud.isTextual()) {
            audiences.add(aud.asText());
        }
        return audiences;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
