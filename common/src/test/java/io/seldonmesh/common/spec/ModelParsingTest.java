package io.seldonmesh.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelParsingTest {

    @ParameterizedTest
    @ValueSource(strings = {"iris-model.yaml", "tfsimple1-model.json", "income-explainer-model.yaml"})
    void examplesParseAndRoundTripUnchanged(String file) {
        Model model = Model.parse(Samples.text(file));

        assertThat(Samples.tree(model.specJson())).isEqualTo(Samples.specTree(file));
        assertThat(Model.fromControlRecord(model.name().getBytes(StandardCharsets.UTF_8), model.specJson()))
                .isEqualTo(model);
    }

    @Test
    void irisFromSeldonsDocsIsReadWithItsRequirementsAndMemory() {
        Model iris = Model.parse(Samples.text("iris-model.yaml"));

        assertThat(iris.name()).isEqualTo("iris");
        assertThat(iris.spec().requirements()).containsExactly("sklearn");
        assertThat(iris.spec().memoryBytes()).hasValue(102_400);
        assertThat(iris.spec().storage())
                .isEqualTo(new StorageUri("gs", "seldon-models", "scv2/samples/mlserver_1.3.5/iris-sklearn"));
        assertThat(iris.spec().desiredReplicas()).isEqualTo(1);
        assertThat(iris.spec().secretName()).isNull();
    }

    @Test
    void everyTypedFieldIsReadAndTheRestIsKept() {
        ModelSpec spec = Model.parse(Samples.text("income-explainer-model.yaml")).spec();

        assertThat(spec.storage().remote()).isEqualTo("s3-kms");
        assertThat(spec.secretName()).isEqualTo("seldon-rclone-kms");
        assertThat(spec.artifactVersion()).isEqualTo(2L);
        assertThat(spec.memoryBytes()).hasValue(1_610_612_736L);
        assertThat(spec.desiredReplicas()).isEqualTo(2);
        assertThat(spec.minReplicas()).isEqualTo(1);
        assertThat(spec.maxReplicas()).isEqualTo(4);
        assertThat(spec.server()).isEqualTo("mlserver");
        assertThat(spec.dedicated()).isTrue();
        assertThat(spec.preloaded()).isNull();
        assertThat(spec.parameters()).containsExactly(new Parameter("threshold", "0.95"));
        assertThat(spec.dataflow().cleansTopicsOnDelete()).isTrue();
        assertThat(spec.logger().path("percent").asInt()).isEqualTo(50);
        assertThat(spec.explainer().path("modelRef").asText()).isEqualTo("income");
        assertThat(spec.extra()).containsOnlyKeys("futureField");
    }

    @Test
    void namespaceOtherThanTheOneServedIsAProblemOfItsOwn() {
        String inTeamB = "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: iris\n"
                + "  namespace: team-b\nspec:\n  storageUri: s3://models/iris\n";

        assertThat(Model.parseIn("team-b", null, inTeamB).name()).isEqualTo("iris");
        assertThat(Model.parseIn(null, null, inTeamB).name()).as("not checked").isEqualTo("iris");
        assertThat(Model.parseIn("team-a", null, inTeamB.replace("  namespace: team-b\n", "")).name())
                .as("no namespace: the one served").isEqualTo("iris");
        assertThatThrownBy(() -> Model.parseIn("team-a", null, inTeamB))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).containsExactly(
                        new SpecProblem("metadata.namespace", "'team-b' is not the namespace this API serves"
                                + " ('team-a'): a Model is written to the Kafka topics of the namespace it is sent to;"
                                + " send it to namespace team-b's control API, or leave metadata.namespace out")));
    }

    @Test
    void bareSpecIsNamedByTheControlRecordKey() {
        Model model = Model.parseNamed("mnist", "{\"storageUri\":\"/var/models/mnist\",\"memory\":1000000}");

        assertThat(model.spec().storage().isLocal()).isTrue();
        assertThat(model.spec().memoryBytes()).hasValue(1_000_000);
        assertThat(model.resource().toString()).isEqualTo("{\"apiVersion\":\"mlops.seldon.io/v1alpha1\",\"kind\":"
                + "\"Model\",\"metadata\":{\"name\":\"mnist\"},\"spec\":{\"storageUri\":\"/var/models/mnist\","
                + "\"memory\":\"1000000\"}}");
    }
}
