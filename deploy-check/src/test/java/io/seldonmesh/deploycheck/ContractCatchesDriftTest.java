package io.seldonmesh.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The checks fail when a manifest and a service drift apart: one change to the base each, and the problem it gives. */
class ContractCatchesDriftTest {

    @Test
    void aRenamedVariableIsReadByNothing() {
        assertThat(problemsAfter(resources -> container(resources, "model-gateway").getEnv().stream()
                .filter(e -> e.getName().equals("MODELGATEWAY_DRAIN_TIMEOUT")).findFirst().orElseThrow()
                .setName("MODELGATEWAY_DRAIN_TIME")))
                .anyMatch(p -> p.startsWith("Deployment/model-gateway/model-gateway: variable MODELGATEWAY_DRAIN_TIME is read by nothing"));
    }

    @Test
    void aKafkaValueCommonRefusesWouldStopEveryService() {
        assertThat(problemsAfter(resources -> configMap(resources, "seldon-kafka").getData().put("KAFKA_SECURITY_PROTOCOL", "SASL_TLS")))
                .anyMatch(p -> p.contains("the service would not start: KAFKA_SECURITY_PROTOCOL=SASL_TLS is not one of"));
    }

    @Test
    void aProbeOnAnotherPathOrPortIsFound() {
        assertThat(problemsAfter(resources -> container(resources, "pipeline-gateway").getReadinessProbe().getHttpGet().setPath("/health")))
                .contains("Deployment/pipeline-gateway/pipeline-gateway: readinessProbe asks /health, not /q/health/ready");
        assertThat(problemsAfter(resources -> container(resources, "model-fetcher").getPorts().get(0).setContainerPort(9031)))
                .anyMatch(p -> p.startsWith("StatefulSet/mlserver/model-fetcher: container ports [9031] are not the ports model-fetcher listens on [9030]"));
    }

    @Test
    void aCredentialFileThatIsNotSeldonsKeyIsFound() {
        assertThat(problemsAfter(resources -> configMap(resources, "seldon-kafka").getData()
                .put("KAFKA_CLIENT_SASL_PASSWORD_LOCATION", "/var/run/secrets/kafka/sasl/passwd")))
                .anyMatch(p -> p.contains("KAFKA_CLIENT_SASL_PASSWORD_LOCATION=/var/run/secrets/kafka/sasl/passwd is no file of Secret kafka-sasl-secret"));
        assertThat(problemsAfter(resources -> deployment(resources, "secret-sync").getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("kafka-sasl")).findFirst().orElseThrow().getSecret().getItems().get(0).setKey("pass")))
                .contains("Deployment/secret-sync: volume kafka-sasl takes key pass of Secret kafka-sasl-secret, which Seldon never writes"
                        + " (its keys: [password])");
    }

    @Test
    void aGracePeriodShorterThanTheDrainIsFound() {
        assertThat(problemsAfter(resources -> deployment(resources, "model-gateway").getSpec().getTemplate().getSpec()
                .setTerminationGracePeriodSeconds(20L)))
                .anyMatch(p -> p.startsWith("Deployment/model-gateway: terminationGracePeriodSeconds is 20; its containers need 30 s"));
    }

    @Test
    void moreGatewayReplicasThanPartitionsAreFound() {
        assertThat(problemsAfter(resources -> configMap(resources, "seldon-kafka").getData().put("KAFKA_TOPICS_NUM_PARTITIONS", "1")))
                .anyMatch(p -> p.startsWith("Deployment/pipeline-gateway: 2 replicas but KAFKA_TOPICS_NUM_PARTITIONS=1"));
    }

    private static List<String> problemsAfter(Consumer<List<HasMetadata>> change) {
        List<HasMetadata> resources = Builds.typed(Repository.DEPLOY);
        assertThat(ClusterContract.check(Deployed.of(resources), Builds.NAMESPACE)).as("problems before the change").isEmpty();
        change.accept(resources);
        return ClusterContract.check(Deployed.of(resources), Builds.NAMESPACE);
    }

    private static Deployment deployment(List<HasMetadata> resources, String name) {
        return resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static ConfigMap configMap(List<HasMetadata> resources, String name) {
        return resources.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Container container(List<HasMetadata> resources, String name) {
        return resources.stream().flatMap(r -> r instanceof Deployment d ? d.getSpec().getTemplate().getSpec().getContainers().stream()
                        : r instanceof StatefulSet s ? s.getSpec().getTemplate().getSpec().getContainers().stream() : java.util.stream.Stream.empty())
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }
}
