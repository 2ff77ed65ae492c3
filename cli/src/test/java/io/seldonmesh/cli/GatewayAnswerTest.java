package io.seldonmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayAnswerTest {

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

    @Test
    void refusalCarriesTheGatewaysMessageAndExitsOne() {
        GatewayAnswer notFound = new GatewayAnswer("GET /v1/models/x", 404, "{\"error\":\"no model 'x' is declared\"}", NONE);

        assertThatThrownBy(notFound::requireOk).isInstanceOfSatisfying(CliFailure.class, failure -> {
            assertThat(failure.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(failure.getMessage()).isEqualTo("GET /v1/models/x: HTTP 404: no model 'x' is declared");
        });
    }

    @Test
    void forbiddenSaysWhichTokenToGive() {
        GatewayAnswer forbidden = new GatewayAnswer("GET /v1/models", 403, "{\"error\":\"role deployer needed\"}", NONE);

        assertThatThrownBy(forbidden::requireOk).hasMessageContaining("role deployer needed")
                .hasMessageContaining("--token or SELDON_TOKEN");
    }

    @Test
    void bodyThatIsNotJsonIsShownAsItCame() {
        assertThat(new GatewayAnswer("PUT /v1/models/m", 502, "Bad Gateway", NONE).errorMessage()).isEqualTo("Bad Gateway");
    }
}
