package io.seldonmesh.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.seldonmesh.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The V2 request body of {@code infer}, from the command line or a file; checked to be a JSON object before sending. */
final class InferenceRequest {

    private InferenceRequest() {
    }

    static String from(String inline, Path file) {
        if ((inline == null) == (file == null)) {
            throw CliFailure.badInput("give the V2 request as an argument ('{\"inputs\":[...]}') or with -i FILE,"
                    + " one of them");
        }
        String json = inline != null ? inline : read(file);
        String source = inline != null ? "the request" : file.toString();
        JsonNode parsed;
        try {
            parsed = Json.json().readTree(json);
        } catch (JsonProcessingException e) {
            throw CliFailure.badInput(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isObject() || !parsed.has("inputs")) {
            throw CliFailure.badInput(source + " is not a V2 inference request: expected an object with \"inputs\"");
        }
        return json;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput("file " + file + " does not exist");
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + file + ": " + e.getMessage());
        }
    }
}
