package io.seldonmesh.deploycheck;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What ties the resources together: the namespace, Services that reach a container port, ServiceMonitors that
 * scrape a Service port on the service's metrics path, a PodDisruptionBudget per gateway, gateway replicas within
 * the partition count, RBAC that binds existing accounts to existing roles with no wildcard, and the services' own
 * TLS with cert-manager's Certificates ({@link CertificateContract}).
 */
final class ClusterContract {

    private ClusterContract() {
    }

    static List<String> check(Deployed cluster, String namespace) {
        List<String> problems = new ArrayList<>();
        if (cluster.namespaces().stream().noneMatch(n -> n.getMetadata().getName().equals(namespace))) {
            problems.add("namespace " + namespace + " is not created");
        }
        Stream.concat(cluster.namespaced().map(ClusterContract::id), cluster.workloads().stream()
                        .filter(w -> !namespace.equals(w.namespace())).map(w -> w + " in " + w.namespace()))
                .filter(id -> !id.endsWith(" in " + namespace))
                .forEach(id -> problems.add(id + ": not in " + namespace));
        for (Workload workload : cluster.workloads()) {
            problems.addAll(PodContract.check(workload, cluster));
            checkGateway(workload, cluster, problems);
        }
        cluster.services().forEach(service -> checkService(service, cluster, problems));
        cluster.serviceMonitors().forEach(monitor -> checkServiceMonitor(monitor, cluster, problems));
        cluster.disruptionBudgets().forEach(budget -> {
            if (cluster.workloads().stream().noneMatch(w -> w.selectedBy(budget.getSpec().getSelector().getMatchLabels()))) {
                problems.add(id(budget) + ": selects no workload");
            }
        });
        checkRbac(cluster, problems);
        problems.addAll(CertificateContract.check(cluster));
        return problems;
    }

    private static void checkGateway(Workload workload, Deployed cluster, List<String> problems) {
        for (Container container : workload.containers()) {
            Optional<ServiceModule> module = ServiceModule.forContainer(container.getName());
            if (module.isEmpty() || !module.get().gateway()) {
                continue;
            }
            List<PodDisruptionBudget> budgets = cluster.disruptionBudgets().stream()
                    .filter(b -> workload.selectedBy(b.getSpec().getSelector().getMatchLabels())).toList();
            if (budgets.isEmpty()) {
                problems.add(workload + ": a gateway needs a PodDisruptionBudget");
            }
            if (workload.replicas() < 2) {
                problems.add(workload + ": a gateway runs at least 2 replicas (it has " + workload.replicas() + ")");
            }
            Map<String, String> environment = ContainerEnvironment.of(workload, container, cluster, new ArrayList<>());
            String partitions = environment.getOrDefault(SeldonKafkaSettings.KAFKA_TOPICS_NUM_PARTITIONS,
                    String.valueOf(SeldonKafkaSettings.DEFAULT_NUM_PARTITIONS));
            if (partitions.matches("\\d+") && workload.replicas() > Integer.parseInt(partitions)) {
                problems.add(workload + ": " + workload.replicas() + " replicas but " + SeldonKafkaSettings.KAFKA_TOPICS_NUM_PARTITIONS
                        + "=" + partitions + ": the replicas beyond the partition count hold none and are never ready");
            }
        }
    }

    private static void checkService(Service service, Deployed cluster, List<String> problems) {
        List<Workload> selected = cluster.workloads().stream().filter(w -> w.selectedBy(service.getSpec().getSelector())).toList();
        if (selected.isEmpty()) {
            problems.add(id(service) + ": selects no workload's pods");
            return;
        }
        for (ServicePort port : service.getSpec().getPorts()) {
            for (Workload workload : selected) {
                if (target(workload, port).isEmpty()) {
                    problems.add(id(service) + ": port " + port.getName() + " targets " + port.getTargetPort().getValue()
                            + ", which no container of " + workload + " declares");
                }
            }
        }
    }

    private static Optional<Container> target(Workload workload, ServicePort port) {
        var targetPort = port.getTargetPort() == null ? new io.fabric8.kubernetes.api.model.IntOrString(port.getPort()) : port.getTargetPort();
        return workload.containers().stream().filter(c -> targetPort.getStrVal() != null
                        ? c.getPorts().stream().anyMatch(p -> targetPort.getStrVal().equals(p.getName()))
                        : c.getPorts().stream().anyMatch(p -> p.getContainerPort().equals(targetPort.getIntVal())))
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    private static void checkServiceMonitor(GenericKubernetesResource monitor, Deployed cluster, List<String> problems) {
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        List<Service> services = cluster.services().stream()
                .filter(s -> s.getMetadata().getLabels() != null && s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
        if (services.isEmpty()) {
            problems.add(id(monitor) + ": selects no Service");
            return;
        }
        for (Map<String, Object> endpoint : (List<Map<String, Object>>) spec.get("endpoints")) {
            String portName = String.valueOf(endpoint.get("port"));
            for (Service service : services) {
                Optional<ServicePort> port = service.getSpec().getPorts().stream().filter(p -> portName.equals(p.getName())).findFirst();
                if (port.isEmpty()) {
                    problems.add(id(monitor) + ": endpoint port " + portName + " is not a port of " + id(service));
                    continue;
                }
                for (Workload workload : cluster.workloads().stream().filter(w -> w.selectedBy(service.getSpec().getSelector())).toList()) {
                    target(workload, port.get()).flatMap(c -> ServiceModule.forContainer(c.getName())).ifPresent(module -> {
                        String path = module.properties().resolve("quarkus.micrometer.export.prometheus.path", Map.of()).orElse("/q/metrics");
                        if (!path.equals(endpoint.get("path"))) {
                            problems.add(id(monitor) + ": endpoint " + portName + " scrapes " + endpoint.get("path") + ", but "
                                    + module.module() + " serves its metrics on " + path);
                        }
                        if (!module.pom().contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>")) {
                            problems.add(id(monitor) + ": " + module.module() + " has no Prometheus registry to scrape");
                        }
                    });
                }
            }
        }
    }

    private static void checkRbac(Deployed cluster, List<String> problems) {
        Stream.concat(cluster.roles().stream().flatMap(r -> r.getRules().stream().map(rule -> Map.entry(id(r), rule))),
                        cluster.clusterRoles().stream().flatMap(r -> r.getRules().stream().map(rule -> Map.entry(id(r), rule))))
                .filter(entry -> wildcard(entry.getValue()))
                .forEach(entry -> problems.add(entry.getKey() + ": a rule with '*' is not least privilege"));
        cluster.roleBindings().forEach(b -> checkBinding(id(b), b.getRoleRef(), b.getSubjects(), cluster, problems));
        cluster.clusterRoleBindings().forEach(b -> checkBinding(id(b), b.getRoleRef(), b.getSubjects(), cluster, problems));
    }

    private static boolean wildcard(PolicyRule rule) {
        return Stream.of(rule.getVerbs(), rule.getResources(), rule.getApiGroups()).anyMatch(list -> list != null && list.contains("*"));
    }

    private static void checkBinding(String binding, RoleRef ref, List<Subject> subjects, Deployed cluster, List<String> problems) {
        boolean exists = "Role".equals(ref.getKind())
                ? cluster.roles().stream().anyMatch(r -> r.getMetadata().getName().equals(ref.getName()))
                : cluster.clusterRoles().stream().anyMatch(r -> r.getMetadata().getName().equals(ref.getName()));
        if (!exists) {
            problems.add(binding + ": binds " + ref.getKind() + " " + ref.getName() + ", which is not deployed");
        }
        for (Subject subject : subjects) {
            if ("ServiceAccount".equals(subject.getKind()) && (!cluster.hasServiceAccount(subject.getName())
                    || cluster.serviceAccounts().stream().noneMatch(sa -> sa.getMetadata().getName().equals(subject.getName())
                    && sa.getMetadata().getNamespace().equals(subject.getNamespace())))) {
                problems.add(binding + ": subject ServiceAccount " + subject.getNamespace() + "/" + subject.getName() + " is not deployed");
            }
        }
    }

    private static String id(HasMetadata resource) {
        return resource.getKind() + "/" + resource.getMetadata().getName() + " in " + resource.getMetadata().getNamespace();
    }
}
