package io.seldonmesh.pipelinegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.runtime.StandaloneConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's settings as application.properties maps its environment variables, defaults included. */
class GatewayConfigTest {

    private static GatewayConfig config(Map<String, String> environment) {
        return StandaloneConfig.mapping(GatewayConfig.class, environment);
    }

    @Test
    void everySettingHasItsDefaultInOnePlace() {
        GatewayConfig defaults = config(Map.of());

        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.maxTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(defaults.maxPending()).isEqualTo(10_000);
        assertThat(defaults.stepScanRecords()).isEqualTo(10_000);
        assertThat(defaults.stepScanTime()).isEqualTo(Duration.ofMillis(800));
        assertThat(defaults.watchCrds()).isFalse();
        assertThat(defaults.crdResync()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.modelConsumerCheck()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.modelConsumerGrace()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.modelGatewayConsumers()).isEqualTo(100);
        assertThat(defaults.roles()).containsExactly("ingress", "dataflow");
        assertThat(defaults.dataflow().joinWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.dataflow().processingGuarantee()).isEqualTo("at_least_once");
        assertThat(defaults.dataflow().commitInterval()).isEmpty();
        assertThat(defaults.dataflow().stateDir()).isEmpty();
        assertThat(defaults.auth().methods()).isEmpty();
        assertThat(defaults.auth().oidcIssuer()).isEmpty();
        assertThat(defaults.auth().oidcAudience()).isEmpty();
        assertThat(defaults.auth().oidcRolesClaim()).isEqualTo("roles");
        assertThat(defaults.auth().oidcSubjectRoles()).isEmpty();
        assertThat(defaults.auth().clientCertRoles()).isEmpty();
        assertThat(defaults.auth().metricsRole()).isEmpty();
        assertThat(defaults.tls().protocol()).isEqualTo("PLAINTEXT");
        assertThat(defaults.tls().keyLocation()).isEmpty();
        assertThat(defaults.tls().certificateLocation()).isEmpty();
        assertThat(defaults.tls().clientCaLocation()).isEmpty();
        assertThat(defaults.tls().clientAuth()).isEqualTo("request");
        assertThat(defaults.tls().reloadPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.control().port()).isEmpty();
        assertThat(defaults.control().host()).as("the HTTP listener's").isEqualTo("0.0.0.0");
        assertThat(defaults.control().storageUriAllowedPrefixes()).as("every location").isEmpty();
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        GatewayConfig set = config(Map.ofEntries(
                Map.entry("SELDON_GATEWAY_TIMEOUT", "5s"), Map.entry("SELDON_GATEWAY_MAX_TIMEOUT", "10s"),
                Map.entry("SELDON_GATEWAY_MAX_PENDING", "7"), Map.entry("SELDON_GATEWAY_STEP_SCAN_RECORDS", "0"),
                Map.entry("SELDON_GATEWAY_STEP_SCAN_TIME", "200ms"), Map.entry("SELDON_WATCH_CRDS", "true"),
                Map.entry("SELDON_CRD_RESYNC", "1m"), Map.entry("SELDON_GATEWAY_ROLES", "dataflow"),
                Map.entry("SELDON_DATAFLOW_JOIN_WINDOW", "2s"),
                Map.entry("SELDON_DATAFLOW_PROCESSING_GUARANTEE", "exactly_once_v2"),
                Map.entry("SELDON_DATAFLOW_COMMIT_INTERVAL", "50ms"), Map.entry("SELDON_DATAFLOW_STATE_DIR", "/data"),
                Map.entry("SELDON_AUTH_METHODS", "oidc,mtls"), Map.entry("SELDON_AUTH_OIDC_ISSUER", "https://idp"),
                Map.entry("SELDON_AUTH_OIDC_AUDIENCE", "seldon"), Map.entry("SELDON_AUTH_OIDC_ROLES_CLAIM", "a/b"),
                Map.entry("SELDON_AUTH_OIDC_SUBJECT_ROLES", "ci:deployer"),
                Map.entry("SELDON_AUTH_CLIENT_CERT_ROLES", "CN=ci:deployer"),
                Map.entry("SELDON_AUTH_METRICS_ROLE", "metrics"), Map.entry("SELDON_GATEWAY_SECURITY_PROTOCOL", "SSL"),
                Map.entry("SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION", "/tls/key"),
                Map.entry("SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION", "/tls/crt"),
                Map.entry("SELDON_GATEWAY_CLIENT_TLS_CA_LOCATION", "/tls/ca"),
                Map.entry("SELDON_GATEWAY_CLIENT_TLS_AUTH", "required"),
                Map.entry("SELDON_GATEWAY_TLS_RELOAD_PERIOD", "1m"), Map.entry("SELDON_CONTROL_PORT", "9012"),
                Map.entry("SELDON_CONTROL_HOST", "10.0.0.1"), Map.entry("SELDON_GATEWAY_MODEL_CONSUMER_CHECK", "0"),
                Map.entry("SELDON_GATEWAY_MODEL_CONSUMER_GRACE", "3s"), Map.entry("MODELGATEWAY_MAX_NUM_CONSUMERS", "7")));

        assertThat(set.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(set.maxTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(set.maxPending()).isEqualTo(7);
        assertThat(set.stepScanRecords()).isZero();
        assertThat(set.stepScanTime()).isEqualTo(Duration.ofMillis(200));
        assertThat(set.watchCrds()).isTrue();
        assertThat(set.crdResync()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.modelConsumerCheck()).isZero();
        assertThat(set.modelConsumerGrace()).isEqualTo(Duration.ofSeconds(3));
        assertThat(set.modelGatewayConsumers()).isEqualTo(7);
        assertThat(set.roles()).containsExactly("dataflow");
        assertThat(set.dataflow().joinWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(set.dataflow().processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(set.dataflow().commitInterval()).contains(Duration.ofMillis(50));
        assertThat(set.dataflow().stateDir()).contains("/data");
        assertThat(set.auth().methods()).contains(List.of("oidc", "mtls"));
        assertThat(set.auth().oidcIssuer()).contains("https://idp");
        assertThat(set.auth().oidcAudience()).contains("seldon");
        assertThat(set.auth().oidcRolesClaim()).isEqualTo("a/b");
        assertThat(set.auth().oidcSubjectRoles()).contains("ci:deployer");
        assertThat(set.auth().clientCertRoles()).contains("CN=ci:deployer");
        assertThat(set.auth().metricsRole()).contains("metrics");
        assertThat(set.tls().protocol()).isEqualTo("SSL");
        assertThat(set.tls().keyLocation()).contains("/tls/key");
        assertThat(set.tls().certificateLocation()).contains("/tls/crt");
        assertThat(set.tls().clientCaLocation()).contains("/tls/ca");
        assertThat(set.tls().clientAuth()).isEqualTo("required");
        assertThat(set.tls().reloadPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.control().port()).hasValue(9012);
        assertThat(set.control().host()).isEqualTo("10.0.0.1");
    }

    @Test
    void storageAllowListTakesSharedAndPerNamespaceEntries() {
        StorageAllowList allowed = new GatewayWiring().storageAllowList(config(Map.of("STORAGE_URI_ALLOWED_PREFIXES",
                "s3://shared/models, team-a=s3://bucket-a/")));

        assertThat(allowed.refusal("team-b", "s3://shared/models/iris")).as("every namespace").isEmpty();
        assertThat(allowed.refusal("team-a", "s3://bucket-a/iris")).as("its own namespace").isEmpty();
        assertThat(allowed.refusal("team-b", "s3://bucket-a/iris")).as("another namespace's").isPresent();
        assertThat(new GatewayWiring().storageAllowList(config(Map.of())).allowsEverything()).isTrue();
    }

    @Test
    void storageAllowListEntryThatIsMalformedStopsTheStartNamingTheVariableAndTheEntry() {
        assertThatThrownBy(() -> new GatewayWiring().storageAllowList(config(Map.of("STORAGE_URI_ALLOWED_PREFIXES",
                "=s3://bucket-a/"))))
                .hasMessageStartingWith("STORAGE_URI_ALLOWED_PREFIXES entry '=s3://bucket-a/' names no namespace");
    }

    @Test
    void controlListenerFollowsTheHttpHostUnlessToldOtherwise() {
        assertThat(config(Map.of("HTTP_HOST", "127.0.0.1")).control().host()).isEqualTo("127.0.0.1");
    }
}
