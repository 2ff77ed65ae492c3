package io.seldonmesh.deploycheck;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the NetworkPolicies of a build let through, against what its workloads need: every container port reachable
 * by someone, DNS and the Kafka port of the {@code seldon-kafka} ConfigMap reachable by every workload, and the model
 * server's ports reachable by model-gateway (and, on mlserver's side, from model-gateway). One line per gap.
 */
final class NetworkPolicyContract {

    private static final String MODEL_GATEWAY = "model-gateway";
    private static final String MLSERVER = "mlserver";

    private NetworkPolicyContract() {
    }

    static List<String> check(List<HasMetadata> resources) {
        List<NetworkPolicy> policies = resources.stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).toList();
        Deployed deployed = Deployed.of(resources);
        Set<Integer> kafkaPorts = kafkaPorts(deployed.configMap("seldon-kafka"));
        List<String> problems = new ArrayList<>();
        for (Workload workload : deployed.workloads()) {
            List<NetworkPolicy> selecting = policies.stream()
                    .filter(policy -> workload.selectedBy(policy.getSpec().getPodSelector().getMatchLabels())).toList();
            if (selecting.isEmpty()) {
                problems.add(workload + ": no NetworkPolicy selects its pods");
                continue;
            }
            for (int port : containerPorts(workload)) {
                if (selecting.stream().flatMap(p -> ingress(p).stream()).noneMatch(rule -> allows(rule.getPorts(), port, "TCP"))) {
                    problems.add(workload + " serves port " + port + " but no NetworkPolicy lets anyone reach it");
                }
            }
            for (ContainerPort control : controlPorts(workload)) {
                if (selecting.stream().flatMap(p -> ingress(p).stream()).anyMatch(rule
                        -> allows(rule.getPorts(), control.getContainerPort(), "TCP")
                        && (rule.getFrom() == null || rule.getFrom().isEmpty()))) {
                    problems.add(workload + "'s control port " + control.getContainerPort() + " is open to every pod:"
                            + " its ingress rule needs a `from` (the control path), or whoever can call inference can"
                            + " change models");
                }
            }
            List<NetworkPolicyEgressRule> egress = selecting.stream().flatMap(p -> egress(p).stream()).toList();
            if (egress.stream().noneMatch(rule -> allows(rule.getPorts(), 53, "UDP"))) {
                problems.add(workload + " cannot resolve names: no egress to UDP port 53");
            }
            for (int kafka : kafkaPorts) {
                if (egress.stream().noneMatch(rule -> allows(rule.getPorts(), kafka, "TCP"))) {
                    problems.add(workload + " cannot reach Kafka: no egress to port " + kafka
                            + " (KAFKA_BOOTSTRAP_SERVERS of ConfigMap seldon-kafka)");
                }
            }
        }
        problems.addAll(gatewaysReachTheModelServer(deployed, policies));
        return problems;
    }

    private static List<String> gatewaysReachTheModelServer(Deployed deployed, List<NetworkPolicy> policies) {
        Optional<Workload> gateway = deployed.workloads().stream().filter(w -> w.name().equals(MODEL_GATEWAY)).findFirst();
        Optional<Workload> server = deployed.workloads().stream().filter(w -> w.name().equals(MLSERVER)).findFirst();
        if (gateway.isEmpty() || server.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (ContainerPort port : server.get().containers().get(0).getPorts()) {
            int number = port.getContainerPort();
            boolean out = policies.stream().filter(p -> gateway.get().selectedBy(p.getSpec().getPodSelector().getMatchLabels()))
                    .flatMap(p -> egress(p).stream())
                    .anyMatch(rule -> allows(rule.getPorts(), number, "TCP") && admits(rule.getTo(), server.get()));
            boolean in = policies.stream().filter(p -> server.get().selectedBy(p.getSpec().getPodSelector().getMatchLabels()))
                    .flatMap(p -> ingress(p).stream())
                    .anyMatch(rule -> allows(rule.getPorts(), number, "TCP") && admits(rule.getFrom(), gateway.get()));
            if (!out || !in) {
                problems.add(MODEL_GATEWAY + " cannot call the model server's port " + port.getName() + " (" + number + "): "
                        + (out ? "" : "no egress from model-gateway") + (out || in ? "" : " and ")
                        + (in ? "" : "no ingress to mlserver from model-gateway"));
            }
        }
        return problems;
    }

    /** No peers means everyone; otherwise a pod selector of this namespace that selects the workload's pods. */
    private static boolean admits(List<NetworkPolicyPeer> peers, Workload workload) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(peer -> peer.getNamespaceSelector() == null
                && peer.getIpBlock() == null && peer.getPodSelector() != null
                && workload.selectedBy(peer.getPodSelector().getMatchLabels()));
    }

    /** No ports means every port; a port with {@code endPort} is a range. */
    private static boolean allows(List<NetworkPolicyPort> ports, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(p -> protocol.equals(p.getProtocol() == null ? "TCP" : p.getProtocol())
                && number(p.getPort()).filter(from -> from == port
                        || (p.getEndPort() != null && from <= port && port <= p.getEndPort())).isPresent());
    }

    private static Optional<Integer> number(IntOrString port) {
        return port == null || port.getIntVal() == null ? Optional.empty() : Optional.of(port.getIntVal());
    }

    private static List<NetworkPolicyIngressRule> ingress(NetworkPolicy policy) {
        return policy.getSpec().getIngress() == null ? List.of() : policy.getSpec().getIngress();
    }

    private static List<NetworkPolicyEgressRule> egress(NetworkPolicy policy) {
        return policy.getSpec().getEgress() == null ? List.of() : policy.getSpec().getEgress();
    }

    /** Ports named {@code control}: pipeline-gateway's control API, which must not be open to every caller. */
    private static List<ContainerPort> controlPorts(Workload workload) {
        return workload.containers().stream().filter(c -> c.getPorts() != null).flatMap(c -> c.getPorts().stream())
                .filter(p -> "control".equals(p.getName())).toList();
    }

    private static Set<Integer> containerPorts(Workload workload) {
        Set<Integer> ports = new TreeSet<>();
        workload.containers().forEach(c -> {
            if (c.getPorts() != null) {
                c.getPorts().forEach(p -> ports.add(p.getContainerPort()));
            }
        });
        return ports;
    }

    private static Set<Integer> kafkaPorts(Optional<ConfigMap> settings) {
        Set<Integer> ports = new TreeSet<>();
        String servers = settings.map(ConfigMap::getData).map(data -> data.get("KAFKA_BOOTSTRAP_SERVERS")).orElse("");
        for (String server : servers.split(",")) {
            int colon = server.lastIndexOf(':');
            if (colon > 0) {
                ports.add(Integer.parseInt(server.substring(colon + 1).trim()));
            }
        }
        return ports;
    }
}
