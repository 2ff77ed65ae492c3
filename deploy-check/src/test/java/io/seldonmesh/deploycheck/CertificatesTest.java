package io.seldonmesh.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The EKS overlay's TLS for pipeline-gateway: cert-manager's Certificate, the Secret the Deployment mounts, the
 * variables pointing into it, HTTPS probes and scraping; and one change each that the checks must notice.
 */
class CertificatesTest {

    @Test
    void pipelineGatewayServesTheCertificateCertManagerKeeps() {
        Deployed overlay = Deployed.of(Builds.typed(Repository.EKS_OVERLAY));

        assertThat(overlay.certificates()).extracting(c -> c.getMetadata().getName()).containsExactly("pipeline-gateway-tls");
        Workload gateway = overlay.workloads().stream().filter(w -> w.name().equals("pipeline-gateway")).findFirst().orElseThrow();
        assertThat(gateway.template().getSpec().getVolumes()).anyMatch(v -> v.getSecret() != null
                && v.getSecret().getSecretName().equals("pipeline-gateway-tls"));
        assertThat(gateway.containers().get(0).getEnv()).extracting(EnvVar::getName, EnvVar::getValue).contains(
                org.assertj.core.groups.Tuple.tuple("SELDON_GATEWAY_SECURITY_PROTOCOL", "SSL"),
                org.assertj.core.groups.Tuple.tuple("SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION", "/etc/seldon/tls/tls.key"),
                org.assertj.core.groups.Tuple.tuple("SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION", "/etc/seldon/tls/tls.crt"));
        assertThat(CertificateContract.check(overlay)).isEmpty();
        assertThat(CertificateContract.check(Deployed.of(Builds.typed(Repository.DEPLOY)))).as("the base, without TLS").isEmpty();
    }

    @Test
    void aServiceWhoseNameTheCertificateLacksIsFound() {
        assertThat(problemsAfter(resources -> dnsNames(resources).remove("pipeline-gateway-control.seldon-mesh.svc")))
                .anyMatch(p -> p.startsWith("Certificate/pipeline-gateway-tls: Service pipeline-gateway-control reaches"
                        + " Deployment/pipeline-gateway, which serves this certificate, but pipeline-gateway-control.seldon-mesh.svc"
                        + " is not among its dnsNames"));
    }

    @Test
    void aCertificateWritingAnotherSecretIsFoundTwice() {
        assertThat(problemsAfter(resources -> spec(certificate(resources)).put("secretName", "pipeline-gateway-cert")))
                .contains("Certificate/pipeline-gateway-tls: its Secret pipeline-gateway-cert is mounted by no workload, so no"
                        + " port serves it")
                .anyMatch(p -> p.startsWith("Deployment/pipeline-gateway: volume server-tls mounts Secret pipeline-gateway-tls,"
                        + " none of Seldon's Kafka credential Secrets"));
    }

    @Test
    void aKeyLocationOutsideTheMountedSecretIsFound() {
        assertThat(problemsAfter(resources -> env(resources, "SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION").setValue("/etc/seldon/tls/key.pem")))
                .contains("Deployment/pipeline-gateway/pipeline-gateway: SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION=/etc/seldon/tls/key.pem"
                        + " is not the key tls.key of Secret pipeline-gateway-tls (cert-manager writes tls.key, tls.crt and ca.crt)");
        assertThat(problemsAfter(resources -> env(resources, "SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION").setValue("/etc/tls/tls.crt")))
                .anyMatch(p -> p.startsWith("Deployment/pipeline-gateway/pipeline-gateway: SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION="
                        + "/etc/tls/tls.crt is in no Secret volume mounted in this container"));
    }

    @Test
    void probesOrScrapingOverPlainHttpAreFound() {
        assertThat(problemsAfter(resources -> gateway(resources).getReadinessProbe().getHttpGet().setScheme("HTTP")))
                .contains("Deployment/pipeline-gateway/pipeline-gateway: serves TLS but its readinessProbe asks over HTTP (scheme: HTTPS)");
        assertThat(problemsAfter(resources -> ((Map<String, Object>) ((List<?>) spec(serviceMonitor(resources, "pipeline-gateway"))
                .get("endpoints")).get(0)).remove("scheme")))
                .anyMatch(p -> p.startsWith("ServiceMonitor/pipeline-gateway: endpoint http scrapes Deployment/pipeline-gateway,"
                        + " which serves TLS, over http"));
    }

    @Test
    void aMisspeltFieldOrUsageIsFound() {
        assertThat(problemsAfter(resources -> {
            Map<String, Object> spec = spec(certificate(resources));
            spec.put("dnsName", spec.remove("dnsNames"));
            spec.put("usages", List.of("server-auth"));
            spec.put("renewBefore", "2160h");
        })).contains("Certificate/pipeline-gateway-tls spec: unknown field(s) [dnsName] (cert-manager.io/v1 Certificate)")
                .anyMatch(p -> p.startsWith("Certificate/pipeline-gateway-tls: usage 'server-auth' is not one cert-manager knows"))
                .anyMatch(p -> p.startsWith("Certificate/pipeline-gateway-tls: renewBefore 2160h is not shorter than duration 2160h"));
    }

    private static List<String> problemsAfter(Consumer<List<HasMetadata>> change) {
        List<HasMetadata> resources = Builds.typed(Repository.EKS_OVERLAY);
        assertThat(ClusterContract.check(Deployed.of(resources), Builds.NAMESPACE)).as("problems before the change").isEmpty();
        change.accept(resources);
        List<String> problems = new ArrayList<>(ClusterContract.check(Deployed.of(resources), Builds.NAMESPACE));
        Deployed.of(resources).certificates().forEach(c -> problems.addAll(CertificateContract.fieldProblems(c)));
        return problems;
    }

    private static GenericKubernetesResource certificate(List<HasMetadata> resources) {
        return custom(resources, "Certificate", "pipeline-gateway-tls");
    }

    private static GenericKubernetesResource serviceMonitor(List<HasMetadata> resources, String name) {
        return custom(resources, "ServiceMonitor", name);
    }

    private static GenericKubernetesResource custom(List<HasMetadata> resources, String kind, String name) {
        return resources.stream().filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
                .filter(r -> r.getKind().equals(kind) && r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static List<String> dnsNames(List<HasMetadata> resources) {
        return (List<String>) spec(certificate(resources)).get("dnsNames");
    }

    private static Container gateway(List<HasMetadata> resources) {
        return resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals("pipeline-gateway")).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static EnvVar env(List<HasMetadata> resources, String name) {
        return gateway(resources).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    }
}
