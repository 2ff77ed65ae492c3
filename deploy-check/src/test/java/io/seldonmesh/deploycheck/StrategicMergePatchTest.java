package io.seldonmesh.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategicMergePatchTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void containersMergeByNameAndTheirEnvByNameWhileOtherListsAreReplaced() throws Exception {
        ObjectNode target = yaml("""
                spec:
                  replicas: 1
                  args: [a, b]
                  containers:
                    - name: one
                      image: x
                      env: [{name: A, value: "1"}, {name: B, value: "2"}]
                    - name: two
                      image: y
                """);
        StrategicMergePatch.apply(target, yaml("""
                spec:
                  replicas: 3
                  args: [c]
                  containers:
                    - name: one
                      env: [{name: B, value: "20"}, {name: C, value: "3"}]
                """));

        assertThat(target).isEqualTo(yaml("""
                spec:
                  replicas: 3
                  args: [c]
                  containers:
                    - name: one
                      image: x
                      env: [{name: A, value: "1"}, {name: B, value: "20"}, {name: C, value: "3"}]
                    - name: two
                      image: y
                """));
    }

    @Test
    void nullRemovesAKeyAndDirectivesAreRefused() throws Exception {
        ObjectNode target = yaml("metadata: {name: a, annotations: {x: y}}");
        StrategicMergePatch.apply(target, yaml("metadata: {annotations: null}"));
        assertThat(target).isEqualTo(yaml("metadata: {name: a}"));

        assertThatThrownBy(() -> StrategicMergePatch.apply(target, yaml("metadata: {$patch: replace}")))
                .hasMessageContaining("/metadata/$patch is not supported");
    }

    @Test
    void aKustomizationFieldTheResolverDoesNotKnowIsRefused(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("kustomization.yaml"), """
                resources: []
                commonLabels: {a: b}
                """);

        assertThatThrownBy(() -> KustomizeResolver.resolve(directory))
                .hasMessageContaining("'commonLabels' is not supported by deploy-check's resolver");
    }

    @Test
    void aPatchMustMatchExactlyOneResource(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("kustomization.yaml"), """
                resources: [cm.yaml]
                patches: [{path: patch.yaml}]
                """);
        Files.writeString(directory.resolve("cm.yaml"), "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}");
        Files.writeString(directory.resolve("patch.yaml"), "{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}");

        assertThatThrownBy(() -> KustomizeResolver.resolve(directory))
                .hasMessageContaining("the patch of ConfigMap/b matches 0 resources, not one");
    }

    private static ObjectNode yaml(String text) throws Exception {
        return (ObjectNode) YAML.readTree(text);
    }
}
