package io.seldonmesh.common.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Model or Pipeline as given: a whole custom resource ({@code apiVersion}, {@code kind},
 * {@code metadata}, {@code spec}) in YAML or JSON, or only its {@code spec} with the name given
 * separately (as on the control topics, where the record key is the name).
 */
record SpecDocument(String name, ObjectNode spec, List<SpecProblem> problems) {

    static final String API_VERSION = "mlops.seldon.io/v1alpha1";

    /**
     * @param kind {@code Model} or {@code Pipeline}
     * @param givenName the name from elsewhere (a record key, a URL), or null to take metadata.name
     * @param servedNamespace the namespace the reader serves: a {@code metadata.namespace} naming another is a
     *                        problem (the spec would land on this namespace's topics); null when not checked
     */
    static SpecDocument read(String text, String kind, String givenName, String servedNamespace) {
        List<SpecProblem> problems = new ArrayList<>();
        JsonNode root = parse(text, problems);
        if (root == null) {
            return new SpecDocument(givenName, null, problems);
        }
        if (!root.isObject()) {
            problems.add(new SpecProblem("document", "expected a " + kind + " resource (a mapping with apiVersion, kind,"
                    + " metadata and spec) or its spec, got " + SpecBinder.describe(root)));
            return new SpecDocument(givenName, null, problems);
        }
        boolean resource = root.has("apiVersion") || root.has("kind") || root.has("metadata") || root.has("spec");
        if (!resource) {
            if (givenName == null) {
                problems.add(new SpecProblem("metadata.name", "missing: a bare spec needs the " + kind
                        + "'s name given with it (or send the whole resource with metadata.name)"));
            }
            return new SpecDocument(givenName, (ObjectNode) root, problems);
        }
        String apiVersion = root.path("apiVersion").asText(null);
        if (!API_VERSION.equals(apiVersion)) {
            problems.add(new SpecProblem("apiVersion", (apiVersion == null ? "missing" : "'" + apiVersion + "'")
                    + " is not " + API_VERSION));
        }
        String actualKind = root.path("kind").asText(null);
        if (!kind.equals(actualKind)) {
            problems.add(new SpecProblem("kind", (actualKind == null ? "missing" : "'" + actualKind + "'")
                    + " is not " + kind + ": this reader takes " + kind + " resources"));
        }
        String name = root.path("metadata").path("name").asText(null);
        if (name == null && givenName == null) {
            problems.add(new SpecProblem("metadata.name", "missing: a " + kind + " needs a name (it names its Kafka"
                    + " topics and its steps' references)"));
        } else if (name != null && givenName != null && !name.equals(givenName)) {
            problems.add(new SpecProblem("metadata.name", "'" + name + "' differs from the name '" + givenName
                    + "' it was sent under"));
        }
        String namespace = root.path("metadata").path("namespace").asText(null);
        if (namespace != null && servedNamespace != null && !namespace.equals(servedNamespace)) {
            problems.add(new SpecProblem("metadata.namespace", "'" + namespace + "' is not the namespace this API"
                    + " serves ('" + servedNamespace + "'): a " + kind + " is written to the Kafka topics of the"
                    + " namespace it is sent to; send it to namespace " + namespace + "'s control API, or leave"
                    + " metadata.namespace out"));
        }
        JsonNode spec = root.get("spec");
        if (spec == null || spec.isNull()) {
            problems.add(new SpecProblem("spec", "missing: a " + kind + " resource needs a spec"));
            return new SpecDocument(name == null ? givenName : name, null, problems);
        }
        if (!spec.isObject()) {
            problems.add(new SpecProblem("spec", "expected a mapping, got " + SpecBinder.describe(spec)));
            return new SpecDocument(name == null ? givenName : name, null, problems);
        }
        return new SpecDocument(name == null ? givenName : name, (ObjectNode) spec, problems);
    }

    /** The whole custom resource for a name and spec, as {@code kubectl get -o json} would show it (without status). */
    static ObjectNode resource(String kind, String name, Object spec) {
        ObjectNode resource = Json.json().createObjectNode();
        resource.put("apiVersion", API_VERSION);
        resource.put("kind", kind);
        resource.putObject("metadata").put("name", name);
        resource.set("spec", Json.json().valueToTree(spec));
        return resource;
    }

    /**
     * SnakeYAML's messages quote the offending line with a caret underneath; the position is
     * reported separately, so keep only the sentences.
     */
    private static String parserMessage(String message) {
        return message.lines()
                .filter(line -> !line.isBlank() && !line.startsWith(" in 'reader'") && !line.startsWith("    "))
                .map(String::strip)
                .collect(Collectors.joining(", "));
    }

    private static JsonNode parse(String text, List<SpecProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(new SpecProblem("document", "empty: expected YAML or JSON"));
            return null;
        }
        ObjectMapper mapper = text.stripLeading().startsWith("{") ? Json.json() : Json.yaml();
        // Read document by document: a MappingIterator would unwrap a root-level list into its elements.
        try (JsonParser parser = mapper.createParser(text)) {
            List<JsonNode> documents = new ArrayList<>();
            while (parser.nextToken() != null) {
                JsonNode document = mapper.readTree(parser);
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
            if (documents.isEmpty()) {
                problems.add(new SpecProblem("document", "empty: expected YAML or JSON"));
                return null;
            }
            if (documents.size() > 1) {
                problems.add(new SpecProblem("document", "holds " + documents.size() + " resources: send one at a time"));
                return null;
            }
            return documents.get(0);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(new SpecProblem("document", "not valid " + (mapper == Json.json() ? "JSON" : "YAML")
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + parserMessage(e.getOriginalMessage())));
            return null;
        } catch (IOException e) {
            problems.add(new SpecProblem("document", "could not be read: " + e.getMessage()));
            return null;
        }
    }
}
