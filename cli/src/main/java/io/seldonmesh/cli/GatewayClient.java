package io.seldonmesh.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * pipeline-gateway's REST APIs over the JDK's HTTP client. An address that cannot be reached is exit 3 naming it;
 * an answer that does not come in time is exit 4; the gateway's refusals are left to the caller
 * ({@link GatewayAnswer#requireOk}).
 */
public final class GatewayClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;

    GatewayClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public URI base() {
        return base;
    }

    GatewayAnswer get(String path) {
        return send("GET " + path, request(path, CONTROL_TIMEOUT).GET());
    }

    GatewayAnswer delete(String path) {
        return send("DELETE " + path, request(path, CONTROL_TIMEOUT).DELETE());
    }

    GatewayAnswer put(String path, String document, String contentType) {
        return send("PUT " + path, request(path, CONTROL_TIMEOUT).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8)));
    }

    GatewayAnswer post(String path, String json, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = request(path, timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return send("POST " + path, request);
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(base.getPath() + path)).timeout(timeout)
                .header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private GatewayAnswer send(String what, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new GatewayAnswer(what, response.statusCode(), response.body(), response.headers());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(e);
        } catch (HttpTimeoutException e) {
            throw CliFailure.timedOut(what + ": no answer from the gateway at " + base + " in time (" + e.getMessage()
                    + ")");
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.timedOut(what + ": interrupted while waiting for the gateway at " + base);
        }
    }

    private CliFailure unreachable(IOException e) {
        String reason = e.getMessage() != null ? e.getMessage()
                : e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
        return CliFailure.unreachable("cannot reach the gateway at " + base + " (" + reason + "): check that the stack"
                + " runs (./run-local) and that --gateway or SELDON_GATEWAY names pipeline-gateway's HTTP address", e);
    }
}
