package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

/**
 * An OAuth2/OIDC token server (no.nav.security mock-oauth2-server) in a child JVM on 127.0.0.1.
 * Every issuer answers the client-credentials grant for any client id and secret; the token's
 * {@code sub} is the client id, its {@code aud} the issuer's audience, and it expires after the
 * issuer's token lifetime; the default issuer adds the claims given for a client id with
 * {@link Builder#clientClaims}. URLs have the form {@code http://127.0.0.1:<port>/<issuer>/token} and
 * {@code .../jwks}.
 */
public final class OAuthServer extends ChildServer {

    /** The system property every Kafka 4.x JVM needs listing the token and JWKS URLs it may call. */
    public static final String ALLOWED_URLS_PROPERTY = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
    /** Any client id works; these are the ones testkit uses by default. */
    public static final String CLIENT_ID = "kafka-client";
    public static final String CLIENT_SECRET = "kafka-client-secret";

    private static final Logger LOG = Logger.getLogger(OAuthServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIN_CLASS = "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt";

    /** One issuer: its id (the first URL path segment), token audience and token lifetime. */
    public record Issuer(String id, String audience, Duration tokenLifetime) {
    }

    private final List<Issuer> issuers;
    private final int port;

    private OAuthServer(List<Issuer> issuers, int port, Path workDirectory, ServerProcess process) {
        super(process, workDirectory, null);
        UsedSecrets.record("OAuth client secret", CLIENT_SECRET);
        this.issuers = issuers;
        this.port = port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server with the default issuer {@code testkit}, audience {@code kafka}, 5 minute tokens. */
    public static OAuthServer start() {
        return builder().start();
    }

    public String issuer() {
        return issuers.get(0).id();
    }

    public String audience() {
        return issuers.get(0).audience();
    }

    public List<Issuer> issuers() {
        return issuers;
    }

    /** {@code http://127.0.0.1:<port>/<issuer>}: the {@code iss} claim of its tokens. */
    public String issuerUrl(String issuer) {
        return "http://" + FreePort.LOOPBACK + ":" + port + "/" + known(issuer).id();
    }

    public String issuerUrl() {
        return issuerUrl(issuer());
    }

    public String tokenEndpoint(String issuer) {
        return issuerUrl(issuer) + "/token";
    }

    public String tokenEndpoint() {
        return tokenEndpoint(issuer());
    }

    public String jwksUrl(String issuer) {
        return issuerUrl(issuer) + "/jwks";
    }

    public String jwksUrl() {
        return jwksUrl(issuer());
    }

    public int port() {
        return port;
    }

    /** The token endpoint and JWKS URL of every issuer: the value for {@value #ALLOWED_URLS_PROPERTY}. */
    public List<String> allowedUrls() {
        List<String> urls = new ArrayList<>();
        for (Issuer issuer : issuers) {
            urls.add(tokenEndpoint(issuer.id()));
            urls.add(jwksUrl(issuer.id()));
        }
        return urls;
    }

    /**
     * Adds {@link #allowedUrls()} to {@value #ALLOWED_URLS_PROPERTY} of this JVM (keeping entries
     * already there). Kafka clients 4.x refuse any token endpoint not listed there.
     */
    public void allowUrlsInThisJvm() {
        synchronized (OAuthServer.class) {
            Set<String> urls = new LinkedHashSet<>();
            String current = System.getProperty(ALLOWED_URLS_PROPERTY, "");
            Arrays.stream(current.split(",")).map(String::trim).filter(url -> !url.isEmpty()).forEach(urls::add);
            urls.addAll(allowedUrls());
            System.setProperty(ALLOWED_URLS_PROPERTY, String.join(",", urls));
        }
    }

    /** Fetches an access token with the client-credentials grant, as a Kafka client or secret-sync would. */
    public String requestToken(String issuer, String clientId, String clientSecret) {
        String body = "grant_type=client_credentials";
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        UsedSecrets.record("OAuth client secret", clientSecret);
        UsedSecrets.record("OAuth client credentials (Basic header)", basic);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint(issuer)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request to " + tokenEndpoint(issuer) + " for client "
                        + clientId + " answered " + response.statusCode() + ": " + response.body());
            }
            String token = JSON.readTree(response.body()).path("access_token").asText();
            UsedSecrets.record("issued OAuth token", token);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("token request to " + tokenEndpoint(issuer) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a token request to " + tokenEndpoint(issuer), e);
        }
    }

    public String requestToken(String clientId, String clientSecret) {
        return requestToken(issuer(), clientId, clientSecret);
    }

    @Override
    public String toString() {
        return "OAuthServer[" + FreePort.LOOPBACK + ":" + port + ", issuers " + issuers.stream().map(Issuer::id)
                .collect(Collectors.joining(",")) + ", log " + logFile() + "]";
    }

    private Issuer known(String issuer) {
        return issuers.stream().filter(i -> i.id().equals(issuer)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("issuer '" + issuer + "' is not configured on this OAuthServer; known: "
                        + issuers.stream().map(Issuer::id).toList()));
    }

    public static final class Builder {

        private String issuer = "testkit";
        private String audience = "kafka";
        private Duration tokenLifetime = Duration.ofMinutes(5);
        private final Map<String, Issuer> extraIssuers = new LinkedHashMap<>();
        private final Map<String, Map<String, Object>> clientClaims = new LinkedHashMap<>();
        private int port;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Id of the default issuer (first path segment of its URLs); default {@code testkit}. */
        public Builder issuer(String id) {
            this.issuer = id;
            return this;
        }

        /** The {@code aud} claim of the default issuer's tokens; default {@code kafka}. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** Lifetime of the default issuer's tokens (whole seconds); default 5 minutes. */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        public Builder addIssuer(String id, String audience, Duration tokenLifetime) {
            extraIssuers.put(id, new Issuer(id, audience, tokenLifetime));
            return this;
        }

        /**
         * Claims the default issuer adds to the tokens of {@code clientId} (e.g. {@code roles}, or a nested
         * {@code realm_access.roles}). A claim named like a standard one replaces it: an {@code exp} in the past
         * makes every token of that client expired.
         */
        public Builder clientClaims(String clientId, Map<String, Object> claims) {
            clientClaims.put(clientId, Map.copyOf(claims));
            return this;
        }

        /** A fixed port (for a local stack); by default a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public OAuthServer start() {
            List<Issuer> issuers = new ArrayList<>();
            issuers.add(new Issuer(issuer, audience, tokenLifetime));
            extraIssuers.values().stream().filter(i -> !i.id().equals(issuer)).forEach(issuers::add);
            for (Issuer i : issuers) {
                if (!i.id().matches("[A-Za-z0-9._-]+") || i.tokenLifetime().toSeconds() < 1) {
                    throw new IllegalArgumentException("issuer " + i + ": the id must match [A-Za-z0-9._-]+ "
                            + "(it is a URL path segment) and the token lifetime at least 1 second");
                }
            }
            Path workDirectory = WorkDirectory.create("oauth");
            Path config = workDirectory.resolve("config.json");
            writeConfig(config, issuers, clientClaims);
            OAuthServer server = PortConflictRetry.start("OAuth server", port == 0, () -> launch(issuers, workDirectory, config));
            ExitCleanup.register(server);
            LOG.infof("started %s", server);
            return server;
        }

        private OAuthServer launch(List<Issuer> issuers, Path workDirectory, Path config) {
            int chosenPort = port != 0 ? port : FreePort.next();
            ServerProcess process = new ChildJvm("OAuth server")
                    .classpath(RuntimeClasspath.of("oauth"))
                    .maxHeap("128m")
                    // the server reports its port and token requests only at debug level
                    .systemProperty("org.slf4j.simpleLogger.log.no.nav.security", "debug")
                    .systemProperty("org.slf4j.simpleLogger.showDateTime", "true")
                    .environment("SERVER_HOSTNAME", FreePort.LOOPBACK)
                    .environment("SERVER_PORT", Integer.toString(chosenPort))
                    .environment("JSON_CONFIG_PATH", config.toString())
                    .main(MAIN_CLASS)
                    .start(workDirectory.resolve("oauth.log"));
            OAuthServer server = new OAuthServer(List.copyOf(issuers), chosenPort, workDirectory, process);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            URI discovery = URI.create(server.issuerUrl() + "/.well-known/openid-configuration");
            process.awaitReady(startTimeout, () -> http.send(HttpRequest.newBuilder(discovery)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200);
            return server;
        }

        private static void writeConfig(Path file, List<Issuer> issuers, Map<String, Map<String, Object>> clientClaims) {
            ObjectNode root = JSON.createObjectNode();
            root.put("interactiveLogin", false);
            root.put("httpServer", "NettyWrapper");
            ArrayNode callbacks = root.putArray("tokenCallbacks");
            for (Issuer issuer : issuers) {
                ObjectNode callback = callbacks.addObject();
                callback.put("issuerId", issuer.id());
                callback.put("tokenExpiry", issuer.tokenLifetime().toSeconds());
                ArrayNode mappings = callback.putArray("requestMappings");
                if (issuer == issuers.get(0)) {
                    // the first mapping that matches wins; "client_id" matches the client of Basic authentication
                    clientClaims.forEach((clientId, extra) -> {
                        ObjectNode claims = claims(mappings, "client_id", Pattern.quote(clientId), issuer);
                        extra.forEach((name, value) -> claims.set(name, JSON.valueToTree(value)));
                    });
                }
                claims(mappings, "grant_type", "*", issuer);
            }
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the OAuth server config " + file + ": " + e.getMessage(), e);
            }
        }

        /** A request mapping giving the issuer's standard claims; returns its claims to add to. */
        private static ObjectNode claims(ArrayNode mappings, String requestParam, String match, Issuer issuer) {
            ObjectNode mapping = mappings.addObject();
            mapping.put("requestParam", requestParam);
            mapping.put("match", match);
            ObjectNode claims = mapping.putObject("claims");
            // mock-oauth2-server fills ${clientId} from the token request
            claims.put("sub", "${clientId}");
            claims.putArray("aud").add(issuer.audience());
            return claims;
        }
    }
}
