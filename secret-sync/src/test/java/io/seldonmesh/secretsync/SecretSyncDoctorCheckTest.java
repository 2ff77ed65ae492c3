package io.seldonmesh.secretsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.runtime.StandaloneConfig;
import io.seldonmesh.secretsync.core.Fixtures;
import io.seldonmesh.secretsync.core.SecretData;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.SharedServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * secret-sync's own doctor lines from its configuration alone, as on the command line: the Kubernetes API server is
 * the one the service would be given ({@code KUBERNETES_MASTER}), here the Fabric8 mock server.
 */
@EnableKubernetesMockClient(crud = true)
class SecretSyncDoctorCheckTest {

    KubernetesMockServer server;
    KubernetesClient client;

    private static List<Finding> examine(Map<String, String> environment) {
        return new SecretSyncDoctorCheck(StandaloneConfig.withVariables(environment)).examine();
    }

    /** The mock server's address, and trust in its self-signed certificate. */
    private Map<String, String> withMockApiServer() {
        return Map.of("KUBERNETES_MASTER", server.url("/"), "KUBERNETES_TRUST_CERTIFICATES", "true");
    }

    @Test
    void everyLayerAnswersWithTheServicesDefaults() {
        AccessReviews.grantAllBut(server);
        client.secrets().inNamespace("seldon-mesh").resource(new SecretBuilder().withNewMetadata().withName("kafka-oauth")
                .withLabels(Map.of("seldon.io/kafka-credential", "true")).endMetadata()
                .withData(SecretData.ofText(Fixtures.oauthKeys(SharedServers.oauth().tokenEndpoint(), "doctor-client",
                        "doctor-client-secret", "")).base64()).build()).create();

        List<Finding> findings = examine(withMockApiServer());

        assertThat(findings).extracting(Finding::verdict).as(findings.toString()).containsOnly(Finding.Verdict.OK);
        assertThat(findings).extracting(Finding::layer).containsExactly("settings", "kubernetes", "rbac", "rbac",
                "rbac", "sources", "token endpoint");
        assertThat(findings.get(0).detail()).isEqualTo("sources in seldon-mesh selected by"
                + " seldon.io/kafka-credential=true; copies into [seldon-logs] and namespaces matching"
                + " seldon.io/runtime=true");
        assertThat(findings.get(1).detail()).startsWith("API server " + server.url("/") + " answers");
    }

    @Test
    void wrongSettingFailsNamingTheVariableAndNothingElseIsTried() {
        List<Finding> findings = examine(Map.of("SECRET_SYNC_TOKEN_REFRESH_FRACTION", "80%"));

        assertThat(findings).extracting(Finding::verdict).containsExactly(Finding.Verdict.FAIL, Finding.Verdict.SKIP,
                Finding.Verdict.SKIP, Finding.Verdict.SKIP, Finding.Verdict.SKIP);
        assertThat(findings.get(0).detail()).startsWith("SECRET_SYNC_TOKEN_REFRESH_FRACTION='80%' is not a number");
    }

    @Test
    void apiServerThatDoesNotAnswerIsNamedAndTheLayersAboveItAreSkipped() {
        String nowhere = "http://127.0.0.1:" + FreePort.next() + "/";

        List<Finding> findings = examine(Map.of("KUBERNETES_MASTER", nowhere));

        assertThat(findings).extracting(Finding::verdict).containsExactly(Finding.Verdict.OK, Finding.Verdict.FAIL,
                Finding.Verdict.SKIP, Finding.Verdict.SKIP, Finding.Verdict.SKIP);
        assertThat(findings.get(1).detail()).startsWith("the API server " + nowhere + " does not answer");
    }
}
