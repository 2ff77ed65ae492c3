package io.seldonmesh.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NetworkPolicies of the base and of the EKS overlay let through what the workloads need, and no check is blind. */
class NetworkPolicyTest {

    @Test
    void theBaseAndTheEksOverlayLetEveryWorkloadDoItsJob() {
        List<HasMetadata> base = Builds.typed(Repository.DEPLOY);
        assertThat(base.stream().filter(NetworkPolicy.class::isInstance)).hasSize(4);
        assertThat(NetworkPolicyContract.check(base)).isEmpty();
        assertThat(NetworkPolicyContract.check(Builds.typed(Repository.EKS_OVERLAY))).isEmpty();
    }

    @Test
    void aKafkaPortOutsideTheAllowedRangeIsFound() {
        List<HasMetadata> changed = Builds.typed(Repository.DEPLOY).stream().map(resource ->
                resource instanceof ConfigMap settings && settings.getMetadata().getName().equals("seldon-kafka")
                        ? (HasMetadata) new ConfigMapBuilder(settings).addToData("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092").build()
                        : resource).toList();

        assertThat(NetworkPolicyContract.check(changed)).contains("Deployment/model-gateway cannot reach Kafka: no egress"
                + " to port 19092 (KAFKA_BOOTSTRAP_SERVERS of ConfigMap seldon-kafka)");
    }

    @Test
    void aControlPortOpenToEveryPodIsFound() {
        List<HasMetadata> base = Builds.typed(Repository.DEPLOY);
        assertThat(base.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals("pipeline-gateway"))
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream())
                .filter(port -> "control".equals(port.getName()))).as("pipeline-gateway serves a control port").hasSize(1);
        List<HasMetadata> changed = base.stream().map(resource ->
                resource instanceof NetworkPolicy policy && policy.getMetadata().getName().equals("pipeline-gateway")
                        ? (HasMetadata) new NetworkPolicyBuilder(policy).editSpec().editIngress(1).withFrom(List.of())
                        .endIngress().endSpec().build()
                        : resource).toList();

        assertThat(NetworkPolicyContract.check(changed)).contains("Deployment/pipeline-gateway's control port 9012 is open"
                + " to every pod: its ingress rule needs a `from` (the control path), or whoever can call inference can"
                + " change models");
    }

    @Test
    void aModelServerOpenOnlyToPrometheusIsFound() {
        List<HasMetadata> changed = Builds.typed(Repository.DEPLOY).stream().map(resource ->
                resource instanceof NetworkPolicy policy && policy.getMetadata().getName().equals("mlserver")
                        ? (HasMetadata) new NetworkPolicyBuilder(policy).editSpec().removeFromIngress(policy.getSpec().getIngress().get(0))
                        .endSpec().build()
                        : resource).toList();

        assertThat(NetworkPolicyContract.check(changed)).contains("model-gateway cannot call the model server's port grpc"
                + " (9501): no ingress to mlserver from model-gateway");
    }
}
