package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.TransientFailure;

/**
 * The model server's repository API (Open Inference Protocol, Triton's repository extension, as
 * MLServer, Triton and this project's model-server serve it): {@code POST
 * /v2/repository/models/{model}/load} with the version to load, and {@code .../unload}. 200 means
 * done; any other answer carries {@code {"error": "..."}}, which becomes the LoadFailed reason. No
 * answer, or 502/503/504 (the server, or a proxy before it, is not ready), is a
 * {@link TransientFailure}: the load is tried again.
 */
public final class ModelServerClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NOT_FOUND = 404;
    private static final Set<Integer> NOT_READY = Set.of(502, 503, 504);

    private final URI baseUrl;
    private final Duration loadTimeout;
    private final HttpClient http;

    public ModelServerClient(URI baseUrl, Duration loadTimeout) {
        this.baseUrl = baseUrl;
        this.loadTimeout = loadTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Loads (or reloads) {@code version} of the model from {@code <models-root>/<model>/<version>/}. */
    public void load(String model, String version) {
        String body = JSON.createObjectNode().set("parameters", JSON.createObjectNode().put("version", version)).toString();
        HttpResponse<String> response = post(model, "load", body);
        if (response.statusCode() != 200) {
            String message = "Model " + model + ": the model server at " + baseUrl + " did not load version " + version
                    + ": " + error(response) + " (HTTP " + response.statusCode() + ")";
            throw NOT_READY.contains(response.statusCode())
                    ? new TransientFailure(TransientFailure.Source.MODEL_SERVER, message) : new FetchFailure(message);
        }
    }

    /** Unloads the model; a model the server does not know is already unloaded. */
    public void unload(String model) {
        HttpResponse<String> response = post(model, "unload", "");
        if (response.statusCode() != 200 && response.statusCode() != NOT_FOUND) {
            throw new FetchFailure("Model " + model + ": the model server at " + baseUrl + " did not unload it: "
                    + error(response) + " (HTTP " + response.statusCode() + ")");
        }
    }

    private HttpResponse<String> post(String model, String action, String body) {
        URI uri = baseUrl.resolve("/v2/repository/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "/" + action);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(loadTimeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TransientFailure(TransientFailure.Source.MODEL_SERVER, "Model " + model + ": cannot reach the model server"
                    + " at " + baseUrl + " to " + action + " it: " + e + "; check MODEL_SERVER_URL and that the model server"
                    + " is running", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailure("Model " + model + ": interrupted while the model server was asked to " + action + " it", e);
        }
    }

    private static String error(HttpResponse<String> response) {
        try {
            JsonNode error = JSON.readTree(response.body()).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException notJson) {
            // Fall through to the raw body: a proxy or another server answered.
        }
        String body = response.body() == null ? "" : response.body().strip();
        return body.isEmpty() ? "no reason given" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
