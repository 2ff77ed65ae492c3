package io.seldonmesh.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
