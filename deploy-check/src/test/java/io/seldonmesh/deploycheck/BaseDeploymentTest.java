package io.seldonmesh.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/ built as kustomize would, created through the API (the mock server, CRUD), read back and checked. */
@EnableKubernetesMockClient(crud = true)
class BaseDeploymentTest {

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void theBaseIsAcceptedByTheApiAndMatchesEveryServicesConfiguration() {
        List<HasMetadata> resources = Builds.typed(Repository.DEPLOY);
        Deployed.apply(client, server, resources);
        Deployed deployed = Deployed.read(client, Builds.NAMESPACE);

        assertThat(deployed.workloads()).extracting(Workload::toString).containsExactlyInAnyOrder(
                "Deployment/pipeline-gateway", "Deployment/model-gateway", "Deployment/secret-sync", "StatefulSet/mlserver");
        assertThat(deployed.workloads().stream().flatMap(w -> w.containers().stream()).map(Container::getName))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ServiceModule.values()).map(ServiceModule::module).toList());
        assertThat(deployed.serviceMonitors()).hasSize(4);
        assertThat(deployed.disruptionBudgets()).hasSize(2);
        assertThat(ClusterContract.check(deployed, Builds.NAMESPACE)).isEmpty();
    }

    @Test
    void secretSyncKeepsItsRbac() {
        Deployed.apply(client, server, Builds.typed(Repository.DEPLOY));
        Deployed deployed = Deployed.read(client, Builds.NAMESPACE);

        assertThat(deployed.clusterRoles()).extracting(r -> r.getMetadata().getName()).containsExactly("seldon-mesh-secret-sync");
        assertThat(deployed.roles()).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder("secret-sync-events", "pipeline-gateway", "model-fetcher");
    }
}
