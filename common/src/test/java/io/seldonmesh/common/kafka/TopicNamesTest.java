package io.seldonmesh.common.kafka;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.kafka.TopicAddress.Direction;
import io.seldonmesh.common.kafka.TopicAddress.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    private final TopicNames names = TopicNames.of("seldon", "seldon-mesh");

    @Test
    void modelAndPipelineTopicsFollowSeldonNaming() {
        assertThat(names.modelInputs("iris")).isEqualTo("seldon.seldon-mesh.model.iris.inputs");
        assertThat(names.modelOutputs("iris")).isEqualTo("seldon.seldon-mesh.model.iris.outputs");
        assertThat(names.pipelineInputs("join")).isEqualTo("seldon.seldon-mesh.pipeline.join.inputs");
        assertThat(names.pipelineOutputs("join")).isEqualTo("seldon.seldon-mesh.pipeline.join.outputs");
    }

    @Test
    void sharedTopicsFollowTheContract() {
        assertThat(names.errors()).isEqualTo("seldon.seldon-mesh.errors.errors");
        assertThat(names.controlModels()).isEqualTo("seldon.seldon-mesh.control.models");
        assertThat(names.controlPipelines()).isEqualTo("seldon.seldon-mesh.control.pipelines");
        assertThat(names.controlCredentials()).isEqualTo("seldon.seldon-mesh.control.credentials");
        assertThat(names.statusModels()).isEqualTo("seldon.seldon-mesh.status.models");
        assertThat(names.statusPipelines()).isEqualTo("seldon.seldon-mesh.status.pipelines");
    }

    @Test
    void settingsDefaultToSeldonAndDefault() {
        TopicNames defaults = TopicNames.from(SeldonKafkaSettings.fromEnvironment(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "SELDON_TOPIC_PREFIX", " ")));
        assertThat(defaults.modelInputs("iris")).isEqualTo("seldon.default.model.iris.inputs");
        assertThat(TopicNames.from(SeldonKafkaSettings.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
                "SELDON_TOPIC_PREFIX", "team_a", "SELDON_NAMESPACE", "ml"))).errors()).isEqualTo("team_a.ml.errors.errors");
    }

    @Test
    void invalidPrefixIsRejectedNamingTheVariableAndValue() {
        assertThatThrownBy(() -> TopicNames.of("my prefix", "default"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SELDON_TOPIC_PREFIX='my prefix' is not a valid topic prefix")
                .hasMessageContaining("A-Z a-z 0-9 . _ -");
    }

    @Test
    void invalidNamespaceIsRejectedNamingTheVariableAndValue() {
        assertThatThrownBy(() -> TopicNames.of("seldon", "Seldon_Mesh"))
                .hasMessageStartingWith("SELDON_NAMESPACE='Seldon_Mesh' is not a valid Kubernetes namespace")
                .hasMessageContaining("lowercase letters, digits and '-'");
        assertThatThrownBy(() -> TopicNames.of("seldon", "a".repeat(64)))
                .hasMessageContaining("at most 63");
    }

    @Test
    void modelNameWithCharactersKafkaRejectsIsRefused() {
        assertThatThrownBy(() -> names.modelInputs("iris/v1"))
                .hasMessage("model name 'iris/v1' cannot be part of a Kafka topic name"
                        + " ('seldon.seldon-mesh.model.iris/v1.inputs'): Kafka allows only A-Z a-z 0-9 . _ - in topic"
                        + " names; rename the model");
    }

    @Test
    void emptyPipelineNameIsRefused() {
        assertThatThrownBy(() -> names.pipelineOutputs(""))
                .hasMessageContaining("pipeline name is empty");
    }

    @Test
    void nameThatMakesTheTopicLongerThan249IsRefusedWithTheLimit() {
        int longest = names.maxNameLength(Kind.PIPELINE);
        assertThat(names.pipelineOutputs("p".repeat(longest))).hasSize(TopicNames.MAX_TOPIC_LENGTH);
        assertThatThrownBy(() -> names.pipelineInputs("p".repeat(longest + 1)))
                .hasMessageContaining("is " + (longest + 1) + " characters")
                .hasMessageContaining("Kafka's limit of 249")
                .hasMessageContaining("at most " + longest + " characters");
    }

    @Test
    void topicsParseBackToKindNameAndDirection() {
        assertThat(names.parse("seldon.seldon-mesh.model.iris.inputs"))
                .contains(new TopicAddress(Kind.MODEL, "iris", Direction.INPUTS));
        assertThat(names.parse("seldon.seldon-mesh.pipeline.tfsimple-extended.outputs"))
                .contains(new TopicAddress(Kind.PIPELINE, "tfsimple-extended", Direction.OUTPUTS));
        assertThat(names.parse("seldon.seldon-mesh.model.iris.v1.outputs"))
                .contains(new TopicAddress(Kind.MODEL, "iris.v1", Direction.OUTPUTS));
        assertThat(names.parse(names.errors())).contains(new TopicAddress(Kind.ERRORS, "errors", Direction.NONE));
        assertThat(names.parse(names.controlCredentials()))
                .contains(new TopicAddress(Kind.CONTROL, "credentials", Direction.NONE));
        assertThat(names.parse(names.statusPipelines()))
                .contains(new TopicAddress(Kind.STATUS, "pipelines", Direction.NONE));
    }

    @Test
    void parsedAddressesBuildTheSameTopics() {
        for (String topic : new String[] {names.modelInputs("m"), names.pipelineOutputs("p"), names.errors(),
                names.controlModels(), names.statusModels()}) {
            assertThat(names.topic(names.parse(topic).orElseThrow())).isEqualTo(topic);
        }
    }

    @Test
    void topicsOfOtherPrefixesNamespacesOrShapesDoNotParse() {
        assertThat(names.parse("seldon.default.model.iris.inputs")).isEmpty();
        assertThat(names.parse("other.seldon-mesh.model.iris.inputs")).isEmpty();
        assertThat(names.parse("seldon.seldon-mesh.model.iris.results")).isEmpty();
        assertThat(names.parse("seldon.seldon-mesh.model..inputs")).isEmpty();
        assertThat(names.parse("seldon.seldon-mesh.control.servers")).isEmpty();
        assertThat(names.parse(null)).isEmpty();
    }
}
