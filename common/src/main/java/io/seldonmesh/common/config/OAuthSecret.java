package io.seldonmesh.common.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Seldon Core 2's OAuth secret, mounted as a directory with one file per key: {@code method} (must be {@code OIDC}),
 * {@code client_id}, {@code client_secret}, {@code token_endpoint_url}, and optionally {@code scope} and
 * {@code extensions} ({@code key=value,key=value}, e.g. Confluent Cloud's
 * {@code logicalCluster=lkc-1,identityPoolId=pool-2}). Read once at start-up to validate, and again at every token
 * fetch so a rotated client secret is used without a restart.
 */
public final class OAuthSecret {

    public static final String METHOD = "method";
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_SECRET = "client_secret";
    public static final String TOKEN_ENDPOINT_URL = "token_endpoint_url";
    public static final String SCOPE = "scope";
    public static final String EXTENSIONS = "extensions";
    /** All six keys: Seldon requires every one in the Secret, even when scope and extensions are empty. */
    public static final List<String> KEYS = List.of(METHOD, CLIENT_ID, CLIENT_SECRET, TOKEN_ENDPOINT_URL, EXTENSIONS, SCOPE);

    // Kafka's own rules for SASL extensions (OAuthBearerClientInitialResponse): letters-only keys, printable values,
    // and "auth" is reserved for the token itself.
    private static final Pattern EXTENSION_KEY = Pattern.compile("[A-Za-z]+");
    private static final Pattern EXTENSION_VALUE = Pattern.compile("[\\x21-\\x7E \\t]+");

    private final Path directory;
    private final String clientId;
    private final String clientSecret;
    private final String tokenEndpointUrl;
    private final Optional<String> scope;
    private final Map<String, String> extensions;

    private OAuthSecret(Path directory, String clientId, String clientSecret, String tokenEndpointUrl,
                        Optional<String> scope, Map<String, String> extensions) {
        this.directory = directory;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenEndpointUrl = tokenEndpointUrl;
        this.scope = scope;
        this.extensions = extensions;
    }

    /** Reads and validates the mounted secret; {@code variable} is the setting that named the directory. */
    public static OAuthSecret read(String variable, Path directory) {
        String seen = variable + "=" + directory;
        if (!Files.isDirectory(directory)) {
            throw new InvalidSettingException(seen + " is not a directory: mount the OAuth secret (keys method, client_id, "
                    + "client_secret, token_endpoint_url, extensions, scope) as a volume there");
        }
        String method = required(variable, directory, METHOD).trim();
        if (!method.equals("OIDC")) {
            throw new InvalidSettingException(seen + ": method=" + method + " is not OIDC, the only method Seldon's OAuth secret supports");
        }
        String clientId = required(variable, directory, CLIENT_ID).trim();
        String clientSecret = required(variable, directory, CLIENT_SECRET);
        String tokenEndpointUrl = required(variable, directory, TOKEN_ENDPOINT_URL).trim();
        checkUrl(seen, tokenEndpointUrl);
        Optional<String> scope = optional(directory, SCOPE).map(String::trim).filter(s -> !s.isEmpty());
        Map<String, String> extensions = parseExtensions(seen, optional(directory, EXTENSIONS).orElse("").trim());
        return new OAuthSecret(directory, clientId, clientSecret, tokenEndpointUrl, scope, extensions);
    }

    public Path directory() {
        return directory;
    }

    public String clientId() {
        return clientId;
    }

    /** The secret itself: hand it only to the token request, never to a log line. */
    public String clientSecret() {
        return clientSecret;
    }

    public String tokenEndpointUrl() {
        return tokenEndpointUrl;
    }

    public Optional<String> scope() {
        return scope;
    }

    public Map<String, String> extensions() {
        return extensions;
    }

    @Override
    public String toString() {
        return "OAuthSecret[directory=" + directory + ", clientId=" + clientId + ", tokenEndpointUrl=" + tokenEndpointUrl
                + ", scope=" + scope.orElse("") + ", extensions=" + extensions + "]";
    }

    private static String required(String variable, Path directory, String key) {
        Path file = directory.resolve(key);
        if (!Files.exists(file)) {
            throw new InvalidSettingException(variable + "=" + directory + " has no file " + key
                    + ": the Seldon OAuth secret needs the keys method, client_id, client_secret, token_endpoint_url");
        }
        Environment.checkReadableFile(variable + " key " + key + ", file", file);
        String value = read(file);
        if (value.isBlank()) {
            throw new InvalidSettingException(variable + " key " + key + ", file=" + file + " holds only white space");
        }
        return value;
    }

    private static Optional<String> optional(Path directory, String key) {
        Path file = directory.resolve(key);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    private static String read(Path file) {
        try {
            return SecretText.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidSettingException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void checkUrl(String seen, String url) {
        try {
            URI uri = new URI(url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidSettingException(seen + ": token_endpoint_url=" + url + " is not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(seen + ": token_endpoint_url=" + url + " is not a URL (" + e.getReason() + ")");
        }
    }

    private static Map<String, String> parseExtensions(String seen, String text) {
        try {
            return parseExtensions(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(seen + ": " + e.getMessage());
        }
    }

    /**
     * The {@code extensions} key's value, {@code key=value,key=value}, as SASL extensions.
     *
     * @throws IllegalArgumentException naming the entry that breaks Kafka's rules
     */
    public static Map<String, String> parseExtensions(String text) {
        Map<String, String> extensions = new LinkedHashMap<>();
        if (text.isBlank()) {
            return Map.of();
        }
        for (String entry : text.trim().split(",")) {
            int equals = entry.indexOf('=');
            String key = equals < 0 ? entry.trim() : entry.substring(0, equals).trim();
            String value = equals < 0 ? "" : entry.substring(equals + 1).trim();
            if (equals < 0 || !EXTENSION_KEY.matcher(key).matches() || key.equals("auth")
                    || !EXTENSION_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("extensions entry '" + entry.trim()
                        + "' is not key=value with a letters-only key other than 'auth' (e.g. logicalCluster=lkc-123,identityPoolId=pool-456)");
            }
            extensions.put(key, value);
        }
        return Collections.unmodifiableMap(extensions);
    }
}
