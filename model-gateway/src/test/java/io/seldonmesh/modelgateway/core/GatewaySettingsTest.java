package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewaySettingsTest {

    private static GatewaySettings settings(DeliveryMode delivery, String replicaId) {
        return new GatewaySettings(ModelServerProtocol.GRPC, Optional.empty(), 100, 512, 256, Duration.ofSeconds(60), 5,
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(10), delivery, replicaId, 1);
    }

    @Test
    void transactionalIdIsTheConsumerGroupAndTheReplica() {
        assertThat(settings(DeliveryMode.EXACTLY_ONCE, "model-gateway-0").transactionalId("prod-seldon-modelgateway-7"))
                .isEqualTo("prod-seldon-modelgateway-7-model-gateway-0");
    }

    @Test
    void exactlyOnceNeedsAReplicaIdThatCanBePartOfATransactionalId() {
        assertThatThrownBy(() -> settings(DeliveryMode.EXACTLY_ONCE, "gateway one"))
                .hasMessage("MODELGATEWAY_REPLICA_ID='gateway one' cannot name this replica in transactional ids: with"
                        + " MODELGATEWAY_DELIVERY=exactly-once use letters, digits, '.', '_' and '-' (the pod name, e.g."
                        + " model-gateway-0)");
        assertThatThrownBy(() -> settings(DeliveryMode.EXACTLY_ONCE, " ")).hasMessageStartingWith(
                "MODELGATEWAY_REPLICA_ID='' cannot name this replica");
    }

    @Test
    void atLeastOnceDoesNotUseTheReplicaId() {
        assertThat(settings(DeliveryMode.AT_LEAST_ONCE, "").delivery()).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
    }
}
