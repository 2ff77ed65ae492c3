package io.seldonmesh.secretsync.core;

import io.seldonmesh.common.config.OAuthSecret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seldon Core 2's OAuth Secret: {@code method} (always {@code OIDC}), {@code client_id},
 * {@code client_secret}, {@code token_endpoint_url}, {@code scope} and {@code extensions}
 * ({@code key=value,...}, SASL extensions such as Confluent Cloud's {@code logicalCluster}). Seldon
 * requires all six keys, even when scope and extensions are empty.
 *
 * @param fingerprint SHA-256 of the Secret's data, to notice a rotated client secret
 */
public record OAuthClientCredentials(String clientId, String clientSecret, TokenEndpoint tokenEndpoint, String scope,
                                     Map<String, String> extensions, String fingerprint) {

    public static final String METHOD = OAuthSecret.METHOD;
    public static final String CLIENT_ID = OAuthSecret.CLIENT_ID;
    public static final String CLIENT_SECRET = OAuthSecret.CLIENT_SECRET;
    public static final String TOKEN_ENDPOINT_URL = OAuthSecret.TOKEN_ENDPOINT_URL;
    public static final String SCOPE = OAuthSecret.SCOPE;
    public static final String EXTENSIONS = OAuthSecret.EXTENSIONS;
    public static final List<String> KEYS = OAuthSecret.KEYS;

    /** What is wrong with the Secret as an OAuth Secret; empty when it is usable. Never quotes the client secret. */
    public static List<String> problems(SecretData data) {
        List<String> problems = new ArrayList<>();
        List<String> missing = KEYS.stream().filter(key -> !data.has(key)).toList();
        if (!missing.isEmpty()) {
            problems.add("missing key" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " (Seldon needs all of " + String.join(", ", KEYS) + "; scope and extensions may be empty)");
        }
        data.text(METHOD).map(String::trim).filter(method -> !method.equals("OIDC")).ifPresent(method ->
                problems.add("method is '" + abbreviate(method) + "'; the only method Seldon supports is OIDC"));
        data.text(CLIENT_ID).filter(String::isBlank).ifPresent(id -> problems.add("client_id is empty"));
        data.text(CLIENT_SECRET).filter(String::isBlank).ifPresent(id -> problems.add("client_secret is empty"));
        data.text(TOKEN_ENDPOINT_URL).map(String::trim).ifPresent(url -> endpointProblem(url).ifPresent(problems::add));
        data.text(EXTENSIONS).ifPresent(text -> {
            try {
                extensions(text);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        });
        return problems;
    }

    /** @throws IllegalArgumentException listing the {@link #problems} when there are any */
    public static OAuthClientCredentials from(SecretData data) {
        List<String> problems = problems(data);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("not a usable OAuth Secret: " + String.join("; ", problems));
        }
        return new OAuthClientCredentials(data.text(CLIENT_ID).orElseThrow().trim(), data.text(CLIENT_SECRET).orElseThrow(),
                new TokenEndpoint(URI.create(data.text(TOKEN_ENDPOINT_URL).orElseThrow().trim())), data.text(SCOPE).orElseThrow().trim(),
                extensions(data.text(EXTENSIONS).orElseThrow()), data.sha256());
    }

    /** Never prints the client secret. */
    @Override
    public String toString() {
        return "OAuthClientCredentials[clientId=" + clientId + ", tokenEndpoint=" + tokenEndpoint + ", scope=" + scope
                + ", extensions=" + extensions.keySet() + "]";
    }

    private static Optional<String> endpointProblem(String url) {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                return Optional.of("token_endpoint_url '" + TokenEndpoint.printable(url)
                        + "' is not an absolute http(s) URL such as https://idp.example.com/oauth2/token");
            }
            return TokenEndpoint.userinfoProblem(uri);
        } catch (URISyntaxException e) {
            // the reason, not e.getMessage(): the message quotes the whole input
            return Optional.of("token_endpoint_url '" + TokenEndpoint.printable(url) + "' is not a URL: " + e.getReason());
        }
    }

    private static Map<String, String> extensions(String text) {
        return OAuthSecret.parseExtensions(text);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
