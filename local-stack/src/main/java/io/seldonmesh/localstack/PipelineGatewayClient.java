package io.seldonmesh.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * pipeline-gateway's control API ({@code /v1}) and inference API ({@code /v2}) over plain HTTP, as the demo calls
 * them: a call that fails names the call, and a wait that ends without the awaited state says what was seen last
 * and where the logs are.
 */
final class PipelineGatewayClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Path logs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param logs where the services' logs are, for messages */
    PipelineGatewayClient(URI base, Path logs) {
        this.base = base;
        this.logs = logs;
    }

    URI resolve(String path) {
        return base.resolve(path);
    }

    /** Declares a resource ({@code /v1/models/<m>} or {@code /v1/pipelines/<p>}) from its YAML. */
    String put(String path, String yaml) {
        return send("PUT", path, yaml, "application/yaml", Map.of());
    }

    /** Deletes a declared resource; its last view is the answer. */
    String delete(String path) {
        return send("DELETE", path, null, null, Map.of());
    }

    String get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    /** Posts a V2 JSON request with the given headers (e.g. {@code seldon-model}, {@code x-request-id}). */
    String infer(String path, String json, Map<String, String> headers) {
        return send("POST", path, json, "application/json", headers);
    }

    /** Polls until a replica reports the model Available; returns its {@code status}, or explains why not. */
    String awaitModelAvailable(String model, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = get("/v1/models/" + model);
            if (last.contains("\"LoadFailed\"")) {
                throw new StackException("model-fetcher could not load model '" + model + "': " + last);
            }
            if (last.contains("\"Available\"")) {
                return status(last);
            }
            Demo.pause();
        }
        throw new StackException("model '" + model + "' was not Available within " + timeout.toSeconds()
                + " s; its last status: " + last + "; see the logs of model-fetcher and model-server under " + logs);
    }

    /** Polls until the pipeline is Ready (its dataflow runs and its models are ready), or explains why not. */
    void awaitPipelineReady(String pipeline, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = JSON.createObjectNode();
        while (System.nanoTime() < deadline) {
            status = parse(get("/v1/pipelines/" + pipeline)).path("status");
            if (status.path("pipeline").path("state").asText().equals("Failed")) {
                throw new StackException("pipeline '" + pipeline + "' Failed: " + status.path("pipeline")
                        .path("reason").asText() + "; see pipeline-gateway's log under " + logs);
            }
            if (status.path("ready").asBoolean()) {
                return;
            }
            Demo.pause();
        }
        throw new StackException("pipeline '" + pipeline + "' was not Ready within " + timeout.toSeconds()
                + " s; its last status: " + status + "; see pipeline-gateway's log under " + logs);
    }

    private static String status(String view) {
        int status = view.indexOf("\"status\"");
        return status < 0 ? view : view.substring(status);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("pipeline-gateway answered with something that is not JSON: " + body, e);
        }
    }

    private String send(String method, String path, String body, String contentType, Map<String, String> headers) {
        URI uri = base.resolve(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT);
        if (body != null) {
            builder.header("Content-Type", contentType);
        }
        headers.forEach(builder::header);
        HttpRequest request = builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new StackException(method + " " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new StackException(method + " " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted during " + method + " " + uri, e);
        }
    }
}
