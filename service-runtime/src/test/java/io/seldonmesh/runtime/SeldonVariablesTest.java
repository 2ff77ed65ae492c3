package io.seldonmesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a team moving from Seldon Core 2 hears at start-up about the variables its manifests set. */
class SeldonVariablesTest {

    @Test
    void aSeldonModelGatewayEnvironmentIsExplainedVariableByVariable() {
        Map<String, String> seldon = Map.of(
                "SELDON_SCHEDULER_PLAINTXT_PORT", "9004", "SELDON_SCHEDULER_TLS_PORT", "9044",
                "MODELGATEWAY_MAX_NUM_CONSUMERS", "100", "MODELGATEWAY_NUM_WORKERS", "8",
                "POD_NAMESPACE", "seldon-mesh", "CONTROL_PLANE_SECURITY_PROTOCOL", "SSL",
                "KAFKA_CLIENT_TLS_SECRET_NAME", "seldon-kafka-tls", "LOG_LEVEL", "debug",
                "KAFKA_DEFAULT_NUM_PARTITIONS", "4");

        List<SeldonVariables.Notice> notices = SeldonVariables.examine("model-gateway", seldon);

        assertThat(lines(notices, SeldonVariables.Level.IGNORED)).containsExactly(
                "Seldon's CONTROL_PLANE_SECURITY_PROTOCOL is set but not used: there is no Seldon scheduler here: Model"
                        + " and Pipeline specs and their statuses travel on the compacted Kafka control and status topics,"
                        + " secured by the KAFKA_* settings; Seldon's control-plane TLS has nothing to secure",
                "Seldon's SELDON_SCHEDULER_PLAINTXT_PORT, SELDON_SCHEDULER_TLS_PORT are set but not used: there is no"
                        + " Seldon scheduler here: Model and Pipeline specs and their statuses travel on the compacted"
                        + " Kafka control and status topics, secured by the KAFKA_* settings",
                "Seldon's KAFKA_CLIENT_TLS_SECRET_NAME is set but not used: Seldon reads that Secret through the"
                        + " Kubernetes API; here mount it as a volume and name its files with KAFKA_CLIENT_TLS_KEY_LOCATION/"
                        + "_CRT_LOCATION/_CA_LOCATION, KAFKA_BROKER_TLS_CA_LOCATION or KAFKA_CLIENT_SASL_PASSWORD_LOCATION"
                        + " (secret-sync copies the Secrets into every namespace that needs them)",
                "Seldon's KAFKA_DEFAULT_NUM_PARTITIONS is set but not used: set KAFKA_TOPICS_NUM_PARTITIONS instead",
                "Seldon's POD_NAMESPACE is set but not used: topic names use SELDON_NAMESPACE (default), not the pod's"
                        + " namespace (seldon-mesh) as Seldon's do; set SELDON_NAMESPACE=seldon-mesh to read and write"
                        + " Seldon's topics of that namespace");
        assertThat(lines(notices, SeldonVariables.Level.MAPPED)).containsExactly(
                "LOG_LEVEL=debug is read as quarkus.log.level=DEBUG",
                "MODELGATEWAY_NUM_WORKERS=8 is read as MODELGATEWAY_MAX_IN_FLIGHT (Seldon's inference workers per"
                        + " consumer are the requests in flight per consumer here)");
    }

    @Test
    void variablesHonouredUnderTheSameNameOrMatchingOursAreNotMentioned() {
        assertThat(SeldonVariables.examine("pipeline-gateway", Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "MODELGATEWAY_NUM_WORKERS", "8", "POD_NAMESPACE", "seldon-mesh", "SELDON_NAMESPACE", "seldon-mesh",
                "SELDON_TOPIC_PREFIX", "seldon"))).isEmpty();
    }

    @Test
    void oursWinAndSayWhy() {
        List<SeldonVariables.Notice> notices = SeldonVariables.examine("model-gateway", Map.of(
                "MODELGATEWAY_WORKER_TIMEOUT_MS", "1000", "MODELGATEWAY_INFER_TIMEOUT", "5s",
                "LOG_LEVEL", "info", "QUARKUS_LOG_LEVEL", "WARN"));
        assertThat(lines(notices, SeldonVariables.Level.IGNORED)).containsExactly(
                "Seldon's LOG_LEVEL is set but not used: QUARKUS_LOG_LEVEL is set and wins",
                "Seldon's MODELGATEWAY_WORKER_TIMEOUT_MS is set but not used: MODELGATEWAY_INFER_TIMEOUT=5s is set and wins");
    }

    @Test
    void logrusLevelsBecomeQuarkusLevelsAndAWrongOneIsNamed() {
        assertThat(SeldonVariables.quarkusLogLevel(Map.of("LOG_LEVEL", "Warn"))).contains("WARN");
        assertThat(SeldonVariables.quarkusLogLevel(Map.of("LOG_LEVEL", "panic"))).contains("FATAL");
        assertThat(SeldonVariables.quarkusLogLevel(Map.of())).isEmpty();
        assertThat(lines(SeldonVariables.examine("secret-sync", Map.of("LOG_LEVEL", "loud")), SeldonVariables.Level.IGNORED))
                .containsExactly("Seldon's LOG_LEVEL is set but not used: 'loud' is not a level: use trace, debug, info,"
                        + " warn, error or fatal");
    }

    @Test
    void envoyVariablesPointPipelineGatewayAtItsOwnTls() {
        assertThat(lines(SeldonVariables.examine("pipeline-gateway", Map.of("ENVOY_SECURITY_PROTOCOL", "SSL")),
                SeldonVariables.Level.IGNORED)).singleElement().asString()
                .contains("there is no Envoy", "SELDON_GATEWAY_SECURITY_PROTOCOL");
    }

    private static List<String> lines(List<SeldonVariables.Notice> notices, SeldonVariables.Level level) {
        return notices.stream().filter(notice -> notice.level() == level).map(SeldonVariables.Notice::line).toList();
    }
}
