package io.seldonmesh.modelgateway.io;

import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.modelgateway.core.CallFailure;
import io.seldonmesh.modelgateway.core.CallResult;
import io.seldonmesh.modelgateway.core.ModelReply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The Open Inference Protocol over REST: {@code POST <server>/v2/models/<model>/infer} with a V2 JSON body, on
 * Vert.x's non-blocking HTTP client. Connections are pooled per server and kept alive, so a steady stream of
 * requests reuses a handful of sockets instead of opening one per request.
 */
public final class RestModelClient implements ModelClient {

    private final HttpClient http;
    private final long timeoutMillis;

    /**
     * @param maxConnections connections per server: about the number of calls in flight at once
     */
    public RestModelClient(Vertx vertx, Duration timeout, int maxConnections) {
        this.timeoutMillis = timeout.toMillis();
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(timeoutMillis, 10_000))
                .setDecompressionSupported(true);
        this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConnections));
    }

    @Override
    public CompletableFuture<CallResult> infer(String server, ModelInferRequest request,
                                               List<Map.Entry<String, String>> headers) {
        CompletableFuture<CallResult> result = new CompletableFuture<>();
        Buffer body;
        try {
            body = Buffer.buffer(V2Json.writeRequest(request));
        } catch (V2ValidationException e) {
            // ModelInput validated the request already; this would be a codec bug, reported as a rejection.
            result.complete(CallFailure.http(400, "request could not be written as V2 JSON: " + e.getMessage()));
            return result;
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(inferUrl(server, request.getModelName()))
                // waiting for a pooled connection counts too: without it a request can wait for one forever
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis)
                .putHeader("content-type", "application/json");
        headers.forEach(header -> options.addHeader(header.getKey(), header.getValue()));
        http.request(options)
                .compose(call -> call.send(body))
                .compose(response -> response.body().map(bytes -> reply(response, bytes)))
                .onComplete(done -> result.complete(done.succeeded() ? done.result() : failure(server, done.cause())));
        return result;
    }

    static String inferUrl(String server, String model) {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        return base + "/v2/models/" + model + "/infer";
    }

    private static CallResult reply(HttpClientResponse response, Buffer body) {
        byte[] bytes = body.getBytes();
        if (response.statusCode() != 200) {
            return CallFailure.http(response.statusCode(), V2Json.errorMessage(bytes));
        }
        ModelInferResponse parsed;
        try {
            parsed = V2Json.parseResponse(bytes);
        } catch (V2ValidationException e) {
            return CallFailure.badResponse(e.getMessage());
        }
        List<Map.Entry<String, String>> external = new ArrayList<>();
        response.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-")) {
                external.add(Map.entry(name, header.getValue()));
            }
        });
        return new ModelReply(parsed, external);
    }

    private static CallResult failure(String server, Throwable cause) {
        String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (cause instanceof TimeoutException || String.valueOf(cause.getMessage()).contains("timeout period")) {
            return CallFailure.timeout("no answer from " + server + " (" + message + ")");
        }
        // Refused, unknown host, reset or closed mid-call: the server is down, restarting or unreachable.
        return CallFailure.unreachable(message);
    }

    @Override
    public void close() {
        http.close();
    }
}
