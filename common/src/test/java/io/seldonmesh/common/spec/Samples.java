package io.seldonmesh.common.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.seldonmesh.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Seldon's documented example resources, kept under src/test/resources/spec. */
final class Samples {

    private Samples() {
    }

    static String text(String file) {
        try (InputStream in = Samples.class.getResourceAsStream("/spec/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource spec/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code spec} of a sample as the raw tree the file holds. */
    static JsonNode specTree(String file) {
        try {
            return Json.yaml().readTree(text(file)).get("spec");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(byte[] json) {
        try {
            return Json.json().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
