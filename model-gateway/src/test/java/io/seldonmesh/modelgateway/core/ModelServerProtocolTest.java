package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelServerProtocolTest {

    @Test
    void protocolIsReadCaseInsensitively() {
        assertThat(ModelServerProtocol.parse("REST")).isEqualTo(ModelServerProtocol.REST);
        assertThat(ModelServerProtocol.parse(" grpc ")).isEqualTo(ModelServerProtocol.GRPC);
    }

    @Test
    void unknownProtocolIsRejectedNamingVariableAndChoices() {
        assertThatThrownBy(() -> ModelServerProtocol.parse("http"))
                .hasMessage("MODEL_SERVER_PROTOCOL='http' is not a protocol: use one of grpc, rest");
    }
}
