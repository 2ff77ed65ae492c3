package io.seldonmesh.pipelinegateway.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.eclipse.microprofile.config.ConfigProvider;

/** REST calls to the gateway under test, with a bearer token or over TLS, on its HTTP port or its control port. */
final class GatewayCalls {

    private final HttpClient http;
    private final String scheme;

    private GatewayCalls(HttpClient http, String scheme) {
        this.http = http;
        this.scheme = scheme;
    }

    static GatewayCalls plain() {
        return new GatewayCalls(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http");
    }

    static GatewayCalls tls(SSLContext context) {
        return new GatewayCalls(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(context)
                .build(), "https");
    }

    /** The HTTP port: {@code quarkus.http.test-port}, or {@code test-ssl-port} when the gateway serves TLS. */
    URI http(String path) {
        String port = scheme.equals("https") ? "quarkus.http.test-ssl-port" : "quarkus.http.test-port";
        return URI.create(scheme + "://127.0.0.1:" + ConfigProvider.getConfig().getValue(port, Integer.class) + path);
    }

    URI control(int port, String path) {
        return URI.create(scheme + "://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(URI uri, Optional<String> token) {
        return send("GET", uri, token, "");
    }

    /** @throws UncheckedIOException when the call fails below HTTP (a TLS handshake refused, a connection reset) */
    HttpResponse<String> send(String method, URI uri, Optional<String> token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        token.ifPresent(value -> request.header("authorization", "Bearer " + value));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted calling " + uri, e));
        }
    }
}
