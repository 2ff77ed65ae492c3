package io.seldonmesh.deploycheck;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The resources of one kustomize build, as the API server holds them (or, for tests of the checks, as parsed). */
record Deployed(List<Namespace> namespaces, List<ConfigMap> configMaps, List<ServiceAccount> serviceAccounts,
                List<Service> services, List<Workload> workloads, List<PodDisruptionBudget> disruptionBudgets,
                List<Role> roles, List<RoleBinding> roleBindings, List<ClusterRole> clusterRoles,
                List<ClusterRoleBinding> clusterRoleBindings, List<GenericKubernetesResource> serviceMonitors,
                List<GenericKubernetesResource> certificates) {

    static final ResourceDefinitionContext SERVICE_MONITOR = new ResourceDefinitionContext.Builder()
            .withGroup("monitoring.coreos.com").withVersion("v1").withKind("ServiceMonitor")
            .withPlural("servicemonitors").withNamespaced(true).build();

    static final ResourceDefinitionContext CERTIFICATE = new ResourceDefinitionContext.Builder()
            .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate")
            .withPlural("certificates").withNamespaced(true).build();

    /** Creates every resource through the API (the mock server in CRUD mode stands in for a cluster). */
    static void apply(KubernetesClient client, KubernetesMockServer server, List<HasMetadata> resources) {
        server.expectCustomResource(new io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext.Builder()
                .withGroup("monitoring.coreos.com").withVersion("v1").withKind("ServiceMonitor")
                .withPlural("servicemonitors").withScope("Namespaced").build());
        server.expectCustomResource(new io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext.Builder()
                .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate")
                .withPlural("certificates").withScope("Namespaced").build());
        for (HasMetadata resource : resources) {
            if (resource instanceof GenericKubernetesResource generic) {
                ResourceDefinitionContext context = customResource(generic).orElseThrow(() -> new IllegalArgumentException(
                        "no model class for " + generic.getApiVersion() + " " + generic.getKind() + " "
                        + generic.getMetadata().getName() + ": a typo in apiVersion or kind? (the custom resources"
                        + " expected are monitoring.coreos.com/v1 ServiceMonitor and cert-manager.io/v1 Certificate)"));
                client.genericKubernetesResources(context).inNamespace(generic.getMetadata().getNamespace())
                        .resource(generic).create();
            } else {
                client.resource(resource).create();
            }
        }
    }

    /** Everything the API server holds in the namespace, and the cluster-scoped resources. */
    static Deployed read(KubernetesClient client, String namespace) {
        List<Workload> workloads = new ArrayList<>();
        client.apps().deployments().inNamespace(namespace).list().getItems().forEach(d -> workloads.add(Workload.of(d)));
        client.apps().statefulSets().inNamespace(namespace).list().getItems().forEach(s -> workloads.add(Workload.of(s)));
        return new Deployed(
                client.namespaces().list().getItems(),
                client.configMaps().inNamespace(namespace).list().getItems(),
                client.serviceAccounts().inNamespace(namespace).list().getItems(),
                client.services().inNamespace(namespace).list().getItems(),
                workloads,
                client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems(),
                client.rbac().roles().inNamespace(namespace).list().getItems(),
                client.rbac().roleBindings().inNamespace(namespace).list().getItems(),
                client.rbac().clusterRoles().list().getItems(),
                client.rbac().clusterRoleBindings().list().getItems(),
                client.genericKubernetesResources(SERVICE_MONITOR).inNamespace(namespace).list().getItems(),
                client.genericKubernetesResources(CERTIFICATE).inNamespace(namespace).list().getItems());
    }

    /** The custom resources deploy/ may hold: the Prometheus Operator's ServiceMonitor, cert-manager's Certificate. */
    static Optional<ResourceDefinitionContext> customResource(GenericKubernetesResource resource) {
        return Stream.of(SERVICE_MONITOR, CERTIFICATE)
                .filter(c -> resource.getKind().equals(c.getKind())
                        && resource.getApiVersion().equals(c.getGroup() + "/" + c.getVersion()))
                .findFirst();
    }

    /** The same, straight from parsed resources: for tests that change one and expect a check to notice. */
    static Deployed of(List<HasMetadata> resources) {
        List<Workload> workloads = new ArrayList<>();
        resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).forEach(d -> workloads.add(Workload.of(d)));
        resources.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).forEach(s -> workloads.add(Workload.of(s)));
        return new Deployed(of(resources, Namespace.class), of(resources, ConfigMap.class), of(resources, ServiceAccount.class),
                of(resources, Service.class), workloads, of(resources, PodDisruptionBudget.class), of(resources, Role.class),
                of(resources, RoleBinding.class), of(resources, ClusterRole.class), of(resources, ClusterRoleBinding.class),
                custom(resources, "ServiceMonitor"), custom(resources, "Certificate"));
    }

    Optional<ConfigMap> configMap(String name) {
        return configMaps.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
    }

    boolean hasServiceAccount(String name) {
        return serviceAccounts.stream().anyMatch(sa -> sa.getMetadata().getName().equals(name));
    }

    Optional<ServiceAccount> serviceAccount(String name) {
        return serviceAccounts.stream().filter(sa -> sa.getMetadata().getName().equals(name)).findFirst();
    }

    /** Every namespaced resource, for the namespace check. */
    Stream<HasMetadata> namespaced() {
        return Stream.of(configMaps, serviceAccounts, services, disruptionBudgets, roles, roleBindings, serviceMonitors,
                        certificates)
                .flatMap(List::stream).map(HasMetadata.class::cast);
    }

    /** The Certificate that keeps this Secret, if one in the build does. */
    Optional<GenericKubernetesResource> certificateFor(String secretName) {
        return certificates.stream().filter(c -> secretName.equals(CertificateContract.secretName(c))).findFirst();
    }

    private static List<GenericKubernetesResource> custom(List<HasMetadata> resources, String kind) {
        return of(resources, GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    private static <T> List<T> of(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
