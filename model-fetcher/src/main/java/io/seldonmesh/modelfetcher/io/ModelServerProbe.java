package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.seldonmesh.modelfetcher.core.ServerSnapshot;

/**
 * Looks at the model server through the Open Inference Protocol, as any V2 server answers it:
 * {@code GET /v2} (server metadata; model-server adds its {@code instance_id}) and
 * {@code POST /v2/repository/index} (every model with its state; Triton and MLServer serve it too).
 * Any HTTP answer means the server is there; a server without an index or an instance id is still
 * checked for answering.
 */
final class ModelServerProbe {

    private static final Logger LOG = Logger.getLogger(ModelServerProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final URI baseUrl;
    private final HttpClient http;
    private volatile int indexRefusedWith;

    ModelServerProbe(URI baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    ServerSnapshot check() {
        try {
            HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(baseUrl.resolve("/v2")).timeout(REQUEST_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> index = http.send(HttpRequest.newBuilder(baseUrl.resolve("/v2/repository/index"))
                    .timeout(REQUEST_TIMEOUT).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            return new ServerSnapshot.Answering(instanceId(metadata), index(index));
        } catch (IOException e) {
            return new ServerSnapshot.Unreachable(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerSnapshot.Unreachable("interrupted while checking it");
        }
    }

    /** The exception and the first message in its causes: the JDK's client throws a bare ConnectException around the refusal. */
    static String describe(IOException e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return e.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static Optional<String> instanceId(HttpResponse<String> metadata) {
        if (metadata.statusCode() != 200) {
            return Optional.empty();
        }
        try {
            JsonNode id = JSON.readTree(metadata.body()).path("instance_id");
            return id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private Optional<Map<String, ServerSnapshot.IndexEntry>> index(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            if (indexRefusedWith != response.statusCode()) {
                indexRefusedWith = response.statusCode();
                LOG.warnf("the model server at %s answers its repository index with HTTP %d: models it lost are noticed only"
                        + " when it restarts with a new instance_id", baseUrl, response.statusCode());
            }
            return Optional.empty();
        }
        indexRefusedWith = 0;
        try {
            Map<String, ServerSnapshot.IndexEntry> entries = new HashMap<>();
            for (JsonNode model : JSON.readTree(response.body())) {
                entries.put(model.path("name").asText(), new ServerSnapshot.IndexEntry(model.path("version").asText(""),
                        model.path("state").asText(""), model.path("reason").asText("")));
            }
            return Optional.of(entries);
        } catch (IOException notJson) {
            LOG.warnf("the model server at %s answers its repository index with what is not JSON: %s", baseUrl, notJson.getMessage());
            return Optional.empty();
        }
    }
}
