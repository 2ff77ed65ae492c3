package io.seldonmesh.deploycheck;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a container starts with, as the kubelet builds them: envFrom ConfigMaps first, then env in order
 * (a later entry wins), {@code $(VAR)} expanded from the variables defined before it. Values known only at run
 * time stand in as {@code <fieldRef:...>}; a resourceFieldRef is the named container's quantity in bytes. What
 * cannot be resolved is a problem, with the container it is about.
 */
final class ContainerEnvironment {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private ContainerEnvironment() {
    }

    static Map<String, String> of(Workload workload, Container container, Deployed cluster, List<String> problems) {
        String where = workload + "/" + container.getName();
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() == null) {
                problems.add(where + ": envFrom other than a ConfigMap is not checked by deploy-check");
                continue;
            }
            String name = source.getConfigMapRef().getName();
            Optional<ConfigMap> configMap = cluster.configMap(name);
            if (configMap.isEmpty()) {
                problems.add(where + ": envFrom names ConfigMap " + name + ", which is not deployed");
                continue;
            }
            String prefix = source.getPrefix() == null ? "" : source.getPrefix();
            Map<String, String> data = configMap.get().getData();
            if (data != null) {
                data.forEach((key, value) -> environment.put(prefix + key, value));
            }
        }
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), value(where, variable, workload, environment, cluster, problems));
        }
        return environment;
    }

    private static String value(String where, EnvVar variable, Workload workload, Map<String, String> defined,
                                Deployed cluster, List<String> problems) {
        EnvVarSource from = variable.getValueFrom();
        if (from == null) {
            return expand(where, variable.getName(), variable.getValue() == null ? "" : variable.getValue(), defined, problems);
        }
        if (from.getFieldRef() != null) {
            return "<fieldRef:" + from.getFieldRef().getFieldPath() + ">";
        }
        if (from.getResourceFieldRef() != null) {
            String containerName = from.getResourceFieldRef().getContainerName();
            String resource = from.getResourceFieldRef().getResource();
            Optional<Container> target = workload.containers().stream()
                    .filter(c -> c.getName().equals(containerName == null ? "" : containerName)).findFirst();
            if (target.isEmpty()) {
                problems.add(where + ": " + variable.getName() + " takes " + resource + " of container '" + containerName
                        + "', which this pod does not have");
                return "";
            }
            String[] parts = resource.split("\\.", 2);
            Map<String, Quantity> quantities = target.get().getResources() == null ? null
                    : "limits".equals(parts[0]) ? target.get().getResources().getLimits() : target.get().getResources().getRequests();
            Quantity quantity = quantities == null || parts.length < 2 ? null : quantities.get(parts[1]);
            if (quantity == null) {
                problems.add(where + ": " + variable.getName() + " takes " + resource + " of container '" + containerName
                        + "', which sets none");
                return "";
            }
            return Quantity.getAmountInBytes(quantity).toBigInteger().toString();
        }
        if (from.getConfigMapKeyRef() != null) {
            String name = from.getConfigMapKeyRef().getName();
            String key = from.getConfigMapKeyRef().getKey();
            Optional<String> value = cluster.configMap(name).map(ConfigMap::getData).map(data -> data.get(key));
            if (value.isEmpty()) {
                problems.add(where + ": " + variable.getName() + " takes key " + key + " of ConfigMap " + name
                        + ", which is not deployed with that key");
                return "";
            }
            return value.get();
        }
        if (from.getSecretKeyRef() != null) {
            String name = from.getSecretKeyRef().getName();
            String key = from.getSecretKeyRef().getKey();
            SeldonSecrets.problemWithKey(name, key)
                    .ifPresent(problem -> problems.add(where + ": " + variable.getName() + " takes " + problem));
            return "<secret:" + name + "/" + key + ">";
        }
        problems.add(where + ": " + variable.getName() + " has a valueFrom deploy-check does not know");
        return "";
    }

    private static String expand(String where, String name, String value, Map<String, String> defined, List<String> problems) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String reference = matcher.group(1);
            if (!defined.containsKey(reference)) {
                problems.add(where + ": " + name + " refers to $(" + reference + "), which is not defined before it:"
                        + " the container would see the text '$(" + reference + ")'");
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(defined.getOrDefault(reference, matcher.group())));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }
}
