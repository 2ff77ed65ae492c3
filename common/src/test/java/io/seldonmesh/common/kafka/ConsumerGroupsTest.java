package io.seldonmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsumerGroupsTest {

    @Test
    void bucketIsSeldonsFnv1aModuloThePoolSize() {
        // Values computed independently with FNV-1a 32: iris=782861478, tfsimple1=1319768060.
        assertThat(ConsumerGroups.bucketFor("iris", 100)).isEqualTo(78);
        assertThat(ConsumerGroups.bucketFor("tfsimple1", 100)).isEqualTo(60);
        assertThat(ConsumerGroups.bucketFor("income-explainer", 100)).isEqualTo(23);
        assertThat(ConsumerGroups.bucketFor("income-explainer", 7)).isEqualTo(5);
        assertThat(ConsumerGroups.bucketFor("iris", 1)).isZero();
    }

    @Test
    void bucketsStayWithinThePool() {
        for (int i = 0; i < 500; i++) {
            assertThat(ConsumerGroups.bucketFor("model-" + i, 13)).isBetween(0, 12);
        }
    }

    @Test
    void poolSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> ConsumerGroups.bucketFor("iris", 0)).hasMessageContaining("pool size is 0");
    }

    @Test
    void groupIdsCarryTheNamespaceLikeSeldon() {
        ConsumerGroups groups = ConsumerGroups.of("seldon-mesh");
        assertThat(groups.modelGateway("iris", 100)).isEqualTo("seldon-mesh-seldon-modelgateway-78");
        assertThat(groups.pipelineGateway("0")).isEqualTo("seldon-mesh-seldon-pipelinegateway-0");
        assertThat(groups.dataflow("join")).isEqualTo("seldon-mesh-seldon-dataflow-join");
    }

    @Test
    void emptyNamespaceIsLeftOut() {
        assertThat(ConsumerGroups.of("").modelGateway("iris", 100)).isEqualTo("seldon-modelgateway-78");
        assertThat(ConsumerGroups.from(TopicNames.of("seldon", "default"))
                .pipelineGateway("gw-1")).isEqualTo("default-seldon-pipelinegateway-gw-1");
    }
}
