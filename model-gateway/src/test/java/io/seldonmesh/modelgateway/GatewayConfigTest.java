package io.seldonmesh.modelgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.modelgateway.core.DeliveryMode;
import io.seldonmesh.modelgateway.core.GatewaySettings;
import io.seldonmesh.runtime.StandaloneConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's settings as application.properties maps its environment variables, defaults included. */
class GatewayConfigTest {

    private static GatewayConfig config(Map<String, String> environment) {
        return StandaloneConfig.mapping(GatewayConfig.class, environment);
    }

    private static GatewaySettings settings(Map<String, String> environment) {
        return GatewayWiring.settings(config(environment), environment);
    }

    @Test
    void everySettingHasItsDefaultInOnePlace() {
        GatewayConfig defaults = config(Map.of());

        assertThat(defaults.protocol()).isEqualTo("grpc");
        assertThat(defaults.modelServerUrl()).isEmpty();
        assertThat(defaults.maxNumConsumers()).isEqualTo(100);
        assertThat(defaults.maxInFlight()).isEqualTo(512);
        assertThat(defaults.maxInFlightPerPartition()).isEqualTo(256);
        assertThat(defaults.inferTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.retryMaxAttempts()).isEqualTo(5);
        assertThat(defaults.retryInitialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.maxBatchSize()).isEqualTo(1);
        assertThat(defaults.delivery()).isEqualTo("at-least-once");
        assertThat(defaults.replicaId()).isEmpty();
    }

    @Test
    void seldonsWorkerVariablesAreReadWhenOursAreNotSet() {
        Map<String, String> seldon = Map.of("MODELGATEWAY_NUM_WORKERS", "8", "MODELGATEWAY_WORKER_TIMEOUT_MS", "120000");
        assertThat(config(seldon).maxInFlight()).isEqualTo(8);
        assertThat(config(seldon).inferTimeout()).isEqualTo(Duration.ofMinutes(2));

        GatewayConfig both = config(Map.of("MODELGATEWAY_NUM_WORKERS", "8", "MODELGATEWAY_WORKER_TIMEOUT_MS", "120000",
                "MODELGATEWAY_MAX_IN_FLIGHT", "64", "MODELGATEWAY_INFER_TIMEOUT", "5s"));
        assertThat(both.maxInFlight()).as("ours win").isEqualTo(64);
        assertThat(both.inferTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        GatewayConfig set = config(Map.ofEntries(Map.entry("MODEL_SERVER_PROTOCOL", "rest"),
                Map.entry("MODEL_SERVER_URL", "http://mlserver:9000"), Map.entry("MODELGATEWAY_MAX_NUM_CONSUMERS", "7"),
                Map.entry("MODELGATEWAY_MAX_IN_FLIGHT", "9"), Map.entry("MODELGATEWAY_MAX_IN_FLIGHT_PER_PARTITION", "3"),
                Map.entry("MODELGATEWAY_INFER_TIMEOUT", "2s"), Map.entry("MODELGATEWAY_RETRY_MAX_ATTEMPTS", "2"),
                Map.entry("MODELGATEWAY_RETRY_INITIAL_BACKOFF", "10ms"), Map.entry("MODELGATEWAY_RETRY_MAX_BACKOFF", "1s"),
                Map.entry("MODELGATEWAY_DRAIN_TIMEOUT", "3s"), Map.entry("MODELGATEWAY_MAX_BATCH_SIZE", "16"),
                Map.entry("MODELGATEWAY_DELIVERY", "exactly-once"), Map.entry("MODELGATEWAY_REPLICA_ID", "gw-0")));

        assertThat(set.protocol()).isEqualTo("rest");
        assertThat(set.modelServerUrl()).contains("http://mlserver:9000");
        assertThat(set.maxNumConsumers()).isEqualTo(7);
        assertThat(set.maxInFlight()).isEqualTo(9);
        assertThat(set.maxInFlightPerPartition()).isEqualTo(3);
        assertThat(set.inferTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(set.retryMaxAttempts()).isEqualTo(2);
        assertThat(set.retryInitialBackoff()).isEqualTo(Duration.ofMillis(10));
        assertThat(set.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(set.drainTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(set.maxBatchSize()).isEqualTo(16);
        assertThat(set.delivery()).isEqualTo("exactly-once");
        assertThat(set.replicaId()).contains("gw-0");
    }

    @Test
    void deliveryIsAtLeastOnceUnlessExactlyOnceIsAskedFor() {
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
    void replicaIdIsTheVariableElseThePodsHostname() {
        assertThat(settings(Map.of("MODELGATEWAY_REPLICA_ID", "gw-1", "HOSTNAME", "model-gateway-7f9c")).replicaId())
                .isEqualTo("gw-1");
        assertThat(settings(Map.of("HOSTNAME", "model-gateway-7f9c")).replicaId()).isEqualTo("model-gateway-7f9c");
        assertThat(settings(Map.of()).replicaId()).as("the host's name").isNotBlank();
    }

    @Test
    void otherSettingsKeepTheirDefaults() {
        GatewaySettings defaults = settings(Map.of());

        assertThat(defaults.maxConsumers()).isEqualTo(100);
        assertThat(defaults.drainTimeout()).hasSeconds(10);
        assertThat(defaults.fixedServer()).isEmpty();
    }
}
