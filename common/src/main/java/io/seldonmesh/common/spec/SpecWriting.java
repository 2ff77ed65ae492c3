package io.seldonmesh.common.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import java.io.UncheckedIOException;

/** Writing specs back: the bare spec (control topics) or the whole resource (APIs, files). */
final class SpecWriting {

    private SpecWriting() {
    }

    static byte[] json(Object spec) {
        try {
            return Json.json().writeValueAsBytes(spec);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write " + spec.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static ObjectNode resource(String kind, String name, Object spec) {
        ObjectNode resource = Json.json().createObjectNode();
        resource.put("apiVersion", SpecDocument.API_VERSION);
        resource.put("kind", kind);
        resource.putObject("metadata").put("name", name);
        resource.set("spec", Json.json().valueToTree(spec));
        return resource;
    }
}
