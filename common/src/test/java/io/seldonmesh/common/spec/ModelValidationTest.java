package io.seldonmesh.common.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelValidationTest {

    @Test
    void malformedStorageUriSaysWhatIsExpected() {
        assertThat(problems("storageUri: 'gs:/x'")).containsExactly("spec.storageUri: 'gs:/x' is not"
                + " <remote>://<bucket>/<path> (e.g. s3://models/iris) or an absolute path on a mounted volume"
                + " (e.g. /var/models/iris)");
    }

    @Test
    void storageUriWithoutBucketIsRejected() {
        assertThat(problems("storageUri: 's3:///iris'")).singleElement().asString()
                .startsWith("spec.storageUri: 's3:///iris' is not <remote>://<bucket>/<path>");
    }

    @Test
    void missingStorageUriIsReported() {
        assertThat(problems("requirements: [sklearn]")).containsExactly("spec.storageUri: missing: where to fetch"
                + " the model from, <remote>://<bucket>/<path> (e.g. s3://models/iris)");
    }

    @Test
    void memoryThatIsNotAQuantityIsReported() {
        assertThat(problems("storageUri: s3://m/iris\nmemory: 10 GB")).containsExactly("spec.memory: '10 GB' is not"
                + " a Kubernetes quantity such as 100Ki, 512Mi, 2Gi or 1000000");
    }

    @Test
    void replicaCountsMustBeConsistent() {
        assertThat(problems("storageUri: s3://m/iris\nreplicas: 5\nminReplicas: 3\nmaxReplicas: 2")).containsExactly(
                "spec.minReplicas: 3 is more than maxReplicas 2",
                "spec.replicas: 5 is more than maxReplicas 2");
        assertThat(problems("storageUri: s3://m/iris\nreplicas: 1\nminReplicas: 2"))
                .containsExactly("spec.replicas: 1 is fewer than minReplicas 2");
        assertThat(problems("storageUri: s3://m/iris\nreplicas: -1"))
                .containsExactly("spec.replicas: -1 is negative: a replica count is 0 or more");
    }

    @Test
    void replicasThatAreNotWholeNumbersAreReported() {
        assertThat(problems("storageUri: s3://m/iris\nreplicas: 1.5\nmaxReplicas: many")).containsExactly(
                "spec.replicas: expected a whole number, got 1.5",
                "spec.maxReplicas: expected a whole number, got 'many'");
    }

    @Test
    void artifactVersionOutOfRangeIsReported() {
        assertThat(problems("storageUri: s3://m/iris\nartifactVersion: -2")).containsExactly("spec.artifactVersion:"
                + " -2 is out of range: expected a version folder number from 0 to 4294967295");
    }

    @Test
    void secretNameMustBeAKubernetesName() {
        assertThat(problems("storageUri: s3://m/iris\nsecretName: My_Secret")).containsExactly("spec.secretName:"
                + " 'My_Secret' is not a Kubernetes Secret name: lowercase letters, digits, '-' and '.'");
    }

    @Test
    void emptyRequirementAndUnnamedParameterAreReported() {
        assertThat(problems("storageUri: s3://m/iris\nrequirements: [sklearn, '']\nparameters:\n- value: '1'"))
                .containsExactly("spec.requirements[1]: empty: name a capability the server needs, e.g. sklearn",
                        "spec.parameters[0].name: missing: each parameter needs a name");
    }

    @Test
    void explainerAndLlmTogetherAreRejected() {
        assertThat(problems("storageUri: s3://m/iris\nexplainer: {type: anchor_tabular}\nllm: {modelRef: x}"))
                .containsExactly("spec: has both explainer and llm: a model is one or the other");
    }

    @Test
    void invalidModelNameIsReported() {
        assertThat(problems("-iris-", "storageUri: s3://m/iris")).containsExactly("metadata.name: '-iris-' is not a"
                + " valid model name: Seldon model names are Kubernetes DNS-1123 labels: at most 63 characters,"
                + " lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'iris')");
    }

    @Test
    void namesKubernetesWouldRefuseAreRefusedWithTheRuleAndAValidName() {
        assertThat(problems("IRIS2", "storageUri: s3://m/iris")).singleElement().asString()
                .contains("'IRIS2' is not a valid model name").contains("DNS-1123").contains("(e.g. 'iris2')");
        assertThat(problems("my_model", "storageUri: s3://m/iris")).singleElement().asString()
                .contains("(e.g. 'my-model')");
        assertThat(problems("a".repeat(64), "storageUri: s3://m/iris")).singleElement().asString()
                .contains("at most 63 characters");
        assertThat(problems("a".repeat(63), "storageUri: s3://m/iris")).isEmpty();
        assertThat(problems("iris-2", "storageUri: s3://m/iris")).isEmpty();
    }

    @Test
    void pipelineResourceIsNotAModel() {
        assertThat(problems(null, Samples.text("tfsimples-pipeline.yaml"))).containsExactly(
                "kind: 'Pipeline' is not Model: this reader takes Model resources",
                "spec.storageUri: missing: where to fetch the model from, <remote>://<bucket>/<path> (e.g."
                        + " s3://models/iris)");
    }

    private static List<String> problems(String spec) {
        return problems("iris", spec);
    }

    private static List<String> problems(String name, String document) {
        try {
            Model.parseNamed(name, document);
            return List.of();
        } catch (InvalidSpecException e) {
            return e.problems().stream().map(SpecProblem::toString).toList();
        }
    }
}
