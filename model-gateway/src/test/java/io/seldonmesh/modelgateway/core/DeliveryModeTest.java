package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeliveryModeTest {

    @Test
    void bothGuaranteesAreReadByTheirNamesCaseInsensitively() {
        assertThat(DeliveryMode.parse("at-least-once")).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
        assertThat(DeliveryMode.parse(" Exactly-Once ")).isEqualTo(DeliveryMode.EXACTLY_ONCE);
    }

    @Test
    void unknownGuaranteeIsRejectedNamingTheVariableAndTheChoices() {
        assertThatThrownBy(() -> DeliveryMode.parse("exactly_once"))
                .hasMessage("MODELGATEWAY_DELIVERY='exactly_once' is not a delivery guarantee: use one of at-least-once,"
                        + " exactly-once");
    }
}
