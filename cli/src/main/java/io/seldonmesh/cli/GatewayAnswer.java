package io.seldonmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.seldonmesh.common.json.Json;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.List;

/** What pipeline-gateway answered: status, body and headers. */
public record GatewayAnswer(String request, int status, String body, HttpHeaders headers) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON; a body that is not JSON is the gateway failing, exit 1. */
    public JsonNode json() {
        try {
            return Json.json().readTree(body);
        } catch (IOException e) {
            throw CliFailure.refused(request + ": the gateway answered HTTP " + status + " with a body that is not JSON: "
                    + Shortened.text(body, 200));
        }
    }

    /** This answer, or exit 1 with the gateway's own error message. */
    public GatewayAnswer requireOk() {
        if (ok()) {
            return this;
        }
        StringBuilder message = new StringBuilder(request).append(": HTTP ").append(status).append(": ")
                .append(errorMessage());
        if (status == 401 || status == 403) {
            message.append(" (give a token with --token or SELDON_TOKEN; the control API needs the deployer role,"
                    + " inference the inferrer role)");
        }
        throw CliFailure.refused(message.toString());
    }

    /** The gateway's {@code {"error": ...}} message (with {@code problems} of an invalid spec), else the raw body. */
    String errorMessage() {
        try {
            JsonNode error = Json.json().readTree(body);
            if (error != null && error.hasNonNull("error")) {
                String text = error.get("error").asText();
                if (error.path("problems").isArray() && !text.contains("\n")) {
                    List<String> problems = error.get("problems").findValuesAsText("problem");
                    return problems.isEmpty() ? text : text + " " + problems;
                }
                return text;
            }
        } catch (IOException e) {
            // not JSON: shown as it came
        }
        return body == null || body.isBlank() ? "(empty body)" : Shortened.text(body, 500);
    }
}
