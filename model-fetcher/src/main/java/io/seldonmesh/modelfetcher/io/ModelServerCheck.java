package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.runtime.DoctorCheck;

/**
 * The doctor's look at the model server: {@code GET /v2}, which every Open Inference Protocol server answers with its
 * name and version. Anything else at that address (nothing listening, another kind of server) is named with the
 * variable to change.
 */
public final class ModelServerCheck implements DoctorCheck {

    static final String LAYER = "model server";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;

    /** @param url the model server's REST base URL ({@code MODEL_SERVER_URL}) */
    public ModelServerCheck(URI url) {
        this.url = url;
    }

    @Override
    public List<Finding> examine() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(url.resolve("/v2")).timeout(TIMEOUT).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (metadata.statusCode() != 200) {
                return List.of(Finding.fail(LAYER, url + " answered GET /v2 with HTTP " + metadata.statusCode()
                        + ": no Open Inference Protocol server there; check MODEL_SERVER_URL"));
            }
            return List.of(Finding.ok(LAYER, url + " answers GET /v2" + serverName(metadata.body())));
        } catch (IOException e) {
            return List.of(Finding.fail(LAYER, "cannot reach the model server at " + url + ": "
                    + ModelServerProbe.describe(e) + "; check MODEL_SERVER_URL and that the model server is running"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(Finding.fail(LAYER, "interrupted while asking " + url + " for GET /v2"));
        }
    }

    /** " (name version)" from the server metadata, or nothing when it does not say. */
    private static String serverName(String body) {
        try {
            JsonNode metadata = JSON.readTree(body);
            String described = (metadata.path("name").asText("") + " " + metadata.path("version").asText("")).strip();
            return described.isEmpty() ? "" : " (" + described + ")";
        } catch (IOException notJson) {
            return "";
        }
    }
}
