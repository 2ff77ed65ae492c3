package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.secretsync.core.Fixtures;
import io.seldonmesh.secretsync.core.LabelSelector;
import io.seldonmesh.secretsync.core.ReplicationPlanner;
import io.seldonmesh.secretsync.core.SecretData;
import io.seldonmesh.secretsync.core.Selection;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.SharedServers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Against the Fabric8 mock API server (CRUD mode) and the testkit OAuth server. */
@EnableKubernetesMockClient(crud = true)
class SourcesCheckTest {

    KubernetesMockServer server;
    KubernetesClient client;

    private List<Finding> examine() {
        ReplicationPlanner planner = new ReplicationPlanner(new Selection("seldon-mesh", Set.of(),
                LabelSelector.parse("source selector", "seldon.io/kafka-credential=true"), Set.of("seldon-logs"),
                LabelSelector.none()));
        return new SourcesCheck(client, planner, new TokenEndpointClient(Duration.ofSeconds(5), Clock.systemUTC()))
                .examine();
    }

    private void source(String name, Map<String, String> text) {
        client.secrets().inNamespace("seldon-mesh").resource(new SecretBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("seldon.io/kafka-credential", "true")).endMetadata()
                .withData(SecretData.ofText(text).base64()).build()).create();
    }

    private void oauthSource(String name, String endpoint) {
        source(name, Fixtures.oauthKeys(endpoint, "doctor-client", "doctor-client-secret", ""));
    }

    @Test
    void selectedSourcesAreNamedAndEachOAuthSourceGetsAToken() {
        source("kafka-sasl", Map.of("password", "p"));
        oauthSource("kafka-oauth", SharedServers.oauth().tokenEndpoint());

        List<Finding> findings = examine();

        assertThat(findings).extracting(Finding::verdict).containsOnly(Finding.Verdict.OK);
        assertThat(findings).hasSize(2);
        assertThat(findings.get(0).detail()).isEqualTo("replicates [seldon-mesh/kafka-oauth, seldon-mesh/kafka-sasl]");
        assertThat(findings.get(1).detail()).startsWith("seldon-mesh/kafka-oauth: " + SharedServers.oauth().tokenEndpoint()
                + " issues client doctor-client tokens valid for ").matches(".* valid for (29\\d|300)s");
    }

    @Test
    void wrongTokenEndpointUrlFailsNamingTheSourceTheAnswerAndWhatToCheck() {
        String wrong = SharedServers.oauth().issuerUrl() + "/no-such-endpoint";
        oauthSource("kafka-oauth", wrong);

        Finding token = examine().get(1);

        assertThat(token.verdict()).isEqualTo(Finding.Verdict.FAIL);
        assertThat(token.detail()).startsWith("seldon-mesh/kafka-oauth: token endpoint " + wrong + " answered HTTP 4")
                .endsWith("check token_endpoint_url, client_id and client_secret in that Secret, and that the endpoint"
                        + " is reachable from this pod")
                .doesNotContain("doctor-client-secret");
    }

    @Test
    void tokenEndpointNobodyListensOnFailsAsUnreachable() {
        String closed = "http://127.0.0.1:" + FreePort.next() + "/testkit/token";
        oauthSource("kafka-oauth", closed);

        assertThat(examine().get(1).detail()).startsWith("seldon-mesh/kafka-oauth: token endpoint " + closed
                + " is unreachable");
    }

    @Test
    void invalidSourceIsAWarningSayingWhatIsWrong() {
        source("kafka-sasl", Map.of("password", ""));

        assertThat(examine()).extracting(Finding::line).containsExactly(
                "! WARN sources        no valid Secret of seldon-mesh is selected by SECRET_SYNC_SOURCE_SELECTOR or"
                        + " SECRET_SYNC_SOURCE_NAMES: there is nothing to copy",
                "! WARN sources        Secret seldon-mesh/kafka-sasl (SASL password) is not replicated: password is"
                        + " empty. Fix the Secret; existing copies keep their last good content.");
    }

    @Test
    void sourcesThatCannotBeListedFailAndSkipTheTokens() {
        server.expect().get().withPath("/api/v1/namespaces/seldon-mesh/secrets").andReturn(403,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403,\"reason\":\"Forbidden\","
                        + "\"message\":\"secrets is forbidden\"}").always();

        List<Finding> findings = examine();

        assertThat(findings).extracting(Finding::verdict).containsExactly(Finding.Verdict.FAIL, Finding.Verdict.SKIP);
        assertThat(findings.get(0).detail()).isEqualTo("cannot list the Secrets of seldon-mesh (HTTP 403 secrets is"
                + " forbidden)");
    }
}
