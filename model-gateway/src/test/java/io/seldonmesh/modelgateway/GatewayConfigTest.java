package io.seldonmesh.modelgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.seldonmesh.modelgateway.core.DeliveryMode;
import io.seldonmesh.modelgateway.core.GatewaySettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's settings as application.properties maps its environment variables, defaults included (SmallRye
 * Config with Quarkus's duration converter, as the running service reads them).
 */
class GatewayConfigTest {

    private static GatewaySettings settings(Map<String, String> environment) throws IOException {
        URL properties = GatewayConfigTest.class.getResource("/application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, 100))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withMapping(GatewayConfig.class)
                .build();
        return GatewayWiring.settings(config.getConfigMapping(GatewayConfig.class), environment);
    }

    @Test
    void deliveryIsAtLeastOnceUnlessExactlyOnceIsAskedFor() throws IOException {
        assertThat(settings(Map.of()).delivery()).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
        assertThat(settings(Map.of("MODELGATEWAY_DELIVERY", "exactly-once")).delivery())
                .isEqualTo(DeliveryMode.EXACTLY_ONCE);
    }

    @Test
    void unknownDeliveryStopsTheStartNamingTheVariableAndTheChoices() {
        assertThatThrownBy(() -> settings(Map.of("MODELGATEWAY_DELIVERY", "at-most-once")))
                .hasMessage("MODELGATEWAY_DELIVERY='at-most-once' is not a delivery guarantee: use one of"
                        + " at-least-once, exactly-once");
    }

    @Test
    void replicaIdIsTheVariableElseThePodsHostname() throws IOException {
        assertThat(settings(Map.of("MODELGATEWAY_REPLICA_ID", "gw-1", "HOSTNAME", "model-gateway-7f9c")).replicaId())
                .isEqualTo("gw-1");
        assertThat(settings(Map.of("HOSTNAME", "model-gateway-7f9c")).replicaId()).isEqualTo("model-gateway-7f9c");
        assertThat(settings(Map.of()).replicaId()).as("the host's name").isNotBlank();
    }

    @Test
    void otherSettingsKeepTheirDefaults() throws IOException {
        GatewaySettings defaults = settings(Map.of());

        assertThat(defaults.maxConsumers()).isEqualTo(100);
        assertThat(defaults.drainTimeout()).hasSeconds(10);
        assertThat(defaults.fixedServer()).isEmpty();
    }
}
