package io.seldonmesh.secretsync.io;

import io.seldonmesh.secretsync.core.IssuedToken;
import io.seldonmesh.secretsync.core.OAuthClientCredentials;
import io.seldonmesh.secretsync.core.TokenResponse;
import io.seldonmesh.secretsync.core.TokenResponse.TokenRequestFailed;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 section 4.4) against the token endpoint named in each OAuth
 * source, authenticating with HTTP Basic as Kafka's own OAUTHBEARER client does. Redirects are not followed, so
 * the client secret only ever goes to the URL the Secret names.
 */
public final class TokenEndpointClient {

    /** How much longer than the request timeout the whole exchange may take, for the body after the headers. */
    private static final Duration BODY_GRACE = Duration.ofSeconds(1);

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public TokenEndpointClient(Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.clock = clock;
    }

    public IssuedToken request(OAuthClientCredentials credentials) throws TokenRequestFailed {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (!credentials.scope().isEmpty()) {
            form.append("&scope=").append(encode(credentials.scope()));
        }
        // not form-encoded first (RFC 6749 section 2.3.1 would): neither Kafka's client (sasl.oauthbearer.header.urlencode
        // defaults to false) nor librdkafka does, and an identity provider that works with Seldon must accept this
        String basic = Base64.getEncoder().encodeToString((credentials.clientId() + ":" + credentials.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(credentials.tokenEndpoint().uri())
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        Instant sentAt = clock.instant();
        // the request's own timeout ends at the response headers; a body that trickles in forever is cut here
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = answer.get(timeout.toMillis() + BODY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return TokenResponse.read(credentials.tokenEndpoint(), response.statusCode(), response.body(), sentAt);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw notAnswered(credentials);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw notAnswered(credentials);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new TokenRequestFailed("token endpoint " + credentials.tokenEndpoint() + " is unreachable: "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new TokenRequestFailed("token request to " + credentials.tokenEndpoint() + " was interrupted");
        }
    }

    private TokenRequestFailed notAnswered(OAuthClientCredentials credentials) {
        return new TokenRequestFailed("token endpoint " + credentials.tokenEndpoint() + " did not answer within "
                + timeout.toMillis() + "ms");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
