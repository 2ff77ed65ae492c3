package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.secretsync.AccessReviews;
import io.seldonmesh.testkit.FreePort;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesAccessCheckTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void everythingRbacYamlGrantsIsAllowed() {
        AccessReviews.grantAllBut(server);

        List<Finding> findings = new KubernetesAccessCheck(client, "seldon-mesh").examine();

        assertThat(findings).extracting(Finding::verdict).containsOnly(Finding.Verdict.OK).hasSize(4);
        assertThat(findings).extracting(Finding::line).anyMatch(line -> line.contains("OK   kubernetes     API server"))
                .anyMatch(line -> line.endsWith("rbac           get, list, watch, create, update, delete secrets in every"
                        + " namespace (reads sources, writes copies and token Secrets)"))
                .anyMatch(line -> line.contains("create events in seldon-mesh"));
    }

    @Test
    void missingPermissionIsNamedWithTheRoleThatGrantsIt() {
        AccessReviews.grantAllBut(server, "delete secrets", "create events");

        List<Finding> findings = new KubernetesAccessCheck(client, "seldon-mesh").examine();

        assertThat(findings).filteredOn(finding -> finding.verdict() == Finding.Verdict.FAIL).extracting(Finding::detail)
                .containsExactly("may not delete secrets in every namespace, which secret-sync needs (reads sources,"
                                + " writes copies and token Secrets): apply the ClusterRole seldon-mesh-secret-sync of"
                                + " deploy/secret-sync/rbac.yaml and bind it to this service account"
                                + " (kubectl apply -k deploy/secret-sync/)",
                        "may not create events in seldon-mesh, which secret-sync needs (reports a problem on its source"
                                + " Secret): apply the Role secret-sync-events of deploy/secret-sync/rbac.yaml and bind"
                                + " it to this service account (kubectl apply -k deploy/secret-sync/)");
    }

    @Test
    void apiServerThatDoesNotAnswerFailsNamingItAndSkipsThePermissions() {
        String nowhere = "http://127.0.0.1:" + FreePort.next() + "/";
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(nowhere).withRequestRetryBackoffLimit(0).build()).build()) {

            List<Finding> findings = new KubernetesAccessCheck(unreachable, "seldon-mesh").examine();

            assertThat(findings).extracting(Finding::verdict).containsExactly(Finding.Verdict.FAIL, Finding.Verdict.SKIP);
            assertThat(findings.get(0).detail()).startsWith("the API server " + nowhere + " does not answer (")
                    .contains("KUBERNETES_MASTER");
        }
    }
}
