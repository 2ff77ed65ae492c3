package io.seldonmesh.pipelinegateway.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerOutageTest {

    @Test
    void replicaThatCannotReachKafkaIsNotReadyAndSaysWhere() {
        KafkaBroker broker = KafkaBroker.builder().start();
        String bootstrap = broker.bootstrapServers(Listener.PLAINTEXT);
        try (KafkaGateway gateway = new KafkaGateway(
                KafkaClientFactory.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap)),
                new TimeoutPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5)), 10, StepScanLimits.DEFAULT, new SimpleMeterRegistry())) {
            gateway.start();
            Eventually.until(Duration.ofSeconds(20), () -> "ready: " + gateway.notReadyBecause(),
                    () -> gateway.notReadyBecause().isEmpty());

            broker.close();

            Eventually.until(Duration.ofSeconds(15), () -> "not ready once the broker is gone",
                    () -> !gateway.notReadyBecause().isEmpty());
            assertThat(gateway.notReadyBecause().get(0)).startsWith("Kafka at " + bootstrap + " did not answer");
        } finally {
            broker.close();
        }
    }
}
