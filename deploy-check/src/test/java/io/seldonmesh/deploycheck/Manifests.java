package io.seldonmesh.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** YAML files of deploy/ as trees (for kustomize's merging) and as Fabric8 model objects (for everything else). */
final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** Every YAML file under deploy/. */
    static List<Path> files() {
        try (Stream<Path> paths = Files.walk(Repository.DEPLOY)) {
            return paths.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isKustomization(Path file) {
        return file.getFileName().toString().equals("kustomization.yaml");
    }

    /** The documents of a file, empty ones (a trailing ---) left out. */
    static List<ObjectNode> documents(Path file) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                if (!document.isObject()) {
                    throw new IllegalArgumentException(file + ": a document is not a mapping");
                }
                documents.add((ObjectNode) document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return documents;
    }

    /** The Fabric8 model object for apiVersion and kind; a kind Fabric8 has no class for is a GenericKubernetesResource. */
    static HasMetadata typed(ObjectNode document) {
        Object object = SERIALIZATION.unmarshal(document.toString());
        if (!(object instanceof HasMetadata resource)) {
            throw new IllegalArgumentException("not a Kubernetes resource: " + document.path("kind").asText("(no kind)"));
        }
        return resource;
    }

    static String describe(ObjectNode document) {
        return document.path("kind").asText("?") + "/" + document.path("metadata").path("name").asText("?");
    }
}
