package io.seldonmesh.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code kustomize build} for the subset deploy/ uses (kustomize itself is not installed here): {@code resources}
 * (files, and directories holding a kustomization.yaml), {@code patches} given by {@code path} (strategic merge,
 * the target named by the patch's own kind and name), {@code images} ({@code newName}, {@code newTag}) and
 * {@code namespace}, applied in kustomize's order. Any other field of a kustomization is refused with a message, so
 * the manifests cannot use a feature this resolver would silently skip.
 */
final class KustomizeResolver {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "patches", "images", "namespace");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PriorityClass", "StorageClass");

    private KustomizeResolver() {
    }

    static List<ObjectNode> resolve(Path directory) {
        return resolve(directory, new HashSet<>());
    }

    /** Every file a build of this directory reads: kustomizations, resources and patches. */
    static Set<Path> filesRead(Path directory) {
        Set<Path> read = new HashSet<>();
        resolve(directory, read);
        return read;
    }

    private static List<ObjectNode> resolve(Path directory, Set<Path> read) {
        Path file = directory.resolve("kustomization.yaml");
        read.add(file.toAbsolutePath().normalize());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(directory + " has no kustomization.yaml");
        }
        List<ObjectNode> documents = Manifests.documents(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " must hold one document");
        }
        ObjectNode kustomization = documents.get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(file + ": '" + field + "' is not supported by deploy-check's resolver"
                        + " (supported: " + SUPPORTED + "); see deploy/README.md");
            }
        });

        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(resolve(path, read));
            } else if (Files.isRegularFile(path)) {
                read.add(path.toAbsolutePath().normalize());
                objects.addAll(Manifests.documents(path));
            } else {
                throw new IllegalArgumentException(file + ": resource " + resource.asText() + " does not exist");
            }
        }
        for (JsonNode patch : kustomization.path("patches")) {
            if (!patch.has("path") || patch.size() != 1) {
                throw new IllegalArgumentException(file + ": only patches given by a path alone are supported: " + patch);
            }
            Path patchFile = directory.resolve(patch.get("path").asText()).normalize();
            read.add(patchFile.toAbsolutePath().normalize());
            applyPatch(objects, patchFile);
        }
        for (JsonNode image : kustomization.path("images")) {
            objects.forEach(object -> replaceImage(object, image));
        }
        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            objects.stream().filter(object -> !CLUSTER_SCOPED.contains(object.path("kind").asText()))
                    .forEach(object -> metadata(object).put("namespace", namespace));
        }
        checkUnique(objects, file);
        return objects;
    }

    private static ObjectNode metadata(ObjectNode object) {
        if (!object.path("metadata").isObject()) {
            object.putObject("metadata");
        }
        return (ObjectNode) object.get("metadata");
    }

    private static void applyPatch(List<ObjectNode> objects, Path file) {
        List<ObjectNode> documents = Manifests.documents(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + ": a patch file must hold one document");
        }
        ObjectNode patch = documents.get(0);
        String kind = patch.path("kind").asText();
        String name = patch.path("metadata").path("name").asText();
        List<ObjectNode> targets = objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .toList();
        if (targets.size() != 1) {
            throw new IllegalArgumentException(file + ": the patch of " + kind + "/" + name + " matches " + targets.size()
                    + " resources, not one");
        }
        if (!targets.get(0).path("apiVersion").equals(patch.path("apiVersion"))) {
            throw new IllegalArgumentException(file + ": apiVersion " + patch.path("apiVersion") + " is not the target's "
                    + targets.get(0).path("apiVersion"));
        }
        StrategicMergePatch.apply(targets.get(0), patch);
    }

    private static void replaceImage(ObjectNode object, JsonNode image) {
        String name = image.path("name").asText();
        for (JsonNode podSpec : List.of(object.path("spec").path("template").path("spec"), object.path("spec"))) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode container : podSpec.path(list)) {
                    String current = container.path("image").asText();
                    int colon = current.lastIndexOf(':');
                    String repository = colon > current.lastIndexOf('/') ? current.substring(0, colon) : current;
                    String tag = colon > current.lastIndexOf('/') ? current.substring(colon + 1) : null;
                    if (repository.equals(name)) {
                        String newRepository = image.path("newName").asText(repository);
                        String newTag = image.has("newTag") ? image.get("newTag").asText() : tag;
                        ((ObjectNode) container).put("image", newTag == null ? newRepository : newRepository + ":" + newTag);
                    }
                }
            }
        }
    }

    private static void checkUnique(List<ObjectNode> objects, Path file) {
        Set<String> seen = new HashSet<>();
        for (ObjectNode object : objects) {
            String id = object.path("kind").asText() + "/" + object.path("metadata").path("namespace").asText()
                    + "/" + object.path("metadata").path("name").asText();
            if (!seen.add(id)) {
                throw new IllegalArgumentException(file + ": " + id + " is declared twice");
            }
        }
    }
}
