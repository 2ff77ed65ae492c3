package io.seldonmesh.modelgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway started with a Seldon Core 2 modelgateway's environment: it says once at start-up which of
 * Seldon's variables it does not use and why, and Seldon's {@code LOG_LEVEL} sets its log level.
 */
class SeldonVariablesIT {

    @Test
    void seldonsVariablesAreReportedAtStartUpAndLogLevelIsHonoured() throws Exception {
        try (KafkaBroker broker = KafkaBroker.builder().start();
             QuarkusApp gateway = QuarkusApp.builder("seldon-env-gateway", QuarkusApp.moduleApplication("model-gateway"))
                     .environment(Map.of(
                             "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.PLAINTEXT),
                             "SELDON_SCHEDULER_PLAINTXT_PORT", "9004", "SELDON_SCHEDULER_TLS_PORT", "9044",
                             "MODELGATEWAY_MAX_NUM_CONSUMERS", "100", "MODELGATEWAY_NUM_WORKERS", "8",
                             "POD_NAMESPACE", "seldon-mesh", "LOG_LEVEL", "warn"))
                     .start()) {
            String log = Files.readString(gateway.logFile());
            assertThat(log).contains("WARN", "Seldon's SELDON_SCHEDULER_PLAINTXT_PORT, SELDON_SCHEDULER_TLS_PORT are set"
                            + " but not used: there is no Seldon scheduler here")
                    .contains("Seldon's POD_NAMESPACE is set but not used: topic names use SELDON_NAMESPACE (default),"
                            + " not the pod's namespace (seldon-mesh)")
                    .doesNotContain("MODELGATEWAY_MAX_NUM_CONSUMERS");
            assertThat(log.lines().filter(line -> line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*")))
                    .as("LOG_LEVEL=warn read as quarkus.log.level=WARN: no INFO line").isEmpty();
        }
    }
}
