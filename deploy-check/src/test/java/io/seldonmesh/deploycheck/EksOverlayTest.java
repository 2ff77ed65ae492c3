package io.seldonmesh.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** deploy/overlays/eks: the base's checks, and what the overlay adds for EKS with MSK. */
@EnableKubernetesMockClient(crud = true)
class EksOverlayTest {

    KubernetesClient client;
    KubernetesMockServer server;
    Deployed deployed;

    @BeforeEach
    void deploy() {
        Deployed.apply(client, server, Builds.typed(Repository.EKS_OVERLAY));
        deployed = Deployed.read(client, Builds.NAMESPACE);
    }

    @Test
    void theOverlayIsAcceptedByTheApiAndMatchesEveryServicesConfiguration() {
        assertThat(deployed.workloads()).hasSize(4);
        assertThat(ClusterContract.check(deployed, Builds.NAMESPACE)).isEmpty();
    }

    @Test
    void kafkaIsMskOverSaslSslWithScramAndThreeReplicas() {
        Map<String, String> kafka = deployed.configMap("seldon-kafka").orElseThrow().getData();

        assertThat(kafka).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_TOPICS_REPLICATION_FACTOR", "3").containsEntry("KAFKA_PREFER_IPV4", "true")
                .containsEntry("KAFKA_CLIENT_SASL_PASSWORD_LOCATION", "/var/run/secrets/kafka/sasl/password");
        assertThat(kafka.get("KAFKA_BOOTSTRAP_SERVERS")).contains(".kafka.").endsWith(":9096");
    }

    @Test
    void modelFetchersAccountCarriesTheIrsaRole() {
        Map<String, String> annotations = deployed.serviceAccount("model-fetcher").orElseThrow().getMetadata().getAnnotations();

        assertThat(annotations.get("eks.amazonaws.com/role-arn")).matches("arn:aws:iam::\\d{12}:role/.+");
        assertThat(deployed.workloads().stream().filter(w -> w.name().equals("mlserver")).findFirst().orElseThrow()
                .template().getSpec().getServiceAccountName()).isEqualTo("model-fetcher");
    }

    @Test
    void everyKafkaJvmPrefersIpv4AndReplicasSpreadOverZones() {
        var problems = new ArrayList<String>();
        for (Workload workload : deployed.workloads()) {
            for (Container container : workload.containers()) {
                boolean kafka = ServiceModule.forContainer(container.getName()).orElseThrow().kafka();
                boolean ipv4 = container.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS")).map(EnvVar::getValue)
                        .anyMatch(v -> v.contains("-Djava.net.preferIPv4Stack=true"));
                if (kafka && !ipv4) {
                    problems.add(workload + "/" + container.getName() + ": no JAVA_TOOL_OPTIONS=-Djava.net.preferIPv4Stack=true");
                }
            }
            var constraints = workload.template().getSpec().getTopologySpreadConstraints();
            boolean zones = constraints.stream().map(TopologySpreadConstraint::getTopologyKey).anyMatch("topology.kubernetes.io/zone"::equals);
            if (workload.replicas() > 1 || workload.kind().equals("StatefulSet")) {
                if (!zones) {
                    problems.add(workload + ": not spread over topology.kubernetes.io/zone");
                }
                constraints.forEach(c -> {
                    if (!workload.selectedBy(c.getLabelSelector().getMatchLabels())) {
                        problems.add(workload + ": its spread constraint selects other pods");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void imagesComeFromTheRegistryNamedInTheOverlay() {
        assertThat(deployed.workloads().stream().flatMap(w -> w.containers().stream()).map(Container::getImage))
                .allMatch(image -> image.startsWith("111122223333.dkr.ecr.eu-west-1.amazonaws.com/seldon-mesh/"))
                .allMatch(image -> image.endsWith(":0.1.0-SNAPSHOT"));
    }
}
