package io.seldonmesh.pipelinegateway.io;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A namespaced Role read from a deployment file, and the API calls it allows, as the API server would judge them. */
record Rbac(List<PolicyRule> rules) {

    /** The Role among the YAML documents of {@code yaml}. */
    static Rbac role(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(document -> !document.isBlank())
                .filter(document -> "Role".equals(Serialization.unmarshal(document, GenericKubernetesResource.class)
                        .getKind()))
                .map(document -> new Rbac(Serialization.unmarshal(document, Role.class).getRules()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Role in the file"));
    }

    boolean allows(Call call) {
        return rules.stream().anyMatch(rule -> rule.getApiGroups().contains(call.group())
                && rule.getResources().contains(call.resource()) && rule.getVerbs().contains(call.verb()));
    }

    /** One request to the API server as RBAC sees it: a verb on a (sub)resource of an API group. */
    record Call(String verb, String group, String resource) {

        private static final Pattern PATH = Pattern.compile(
                "/apis?/(?:([^/]+)/)?[^/]+/namespaces/[^/]+/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(\\?.*)?");

        static Call of(String method, String path) {
            Matcher matcher = PATH.matcher(path);
            if (!matcher.matches()) {
                return new Call(method + " " + path, "?", "?");
            }
            String group = path.startsWith("/api/") ? "" : matcher.group(1);
            String resource = matcher.group(2) + (matcher.group(4) != null ? "/" + matcher.group(4) : "");
            boolean named = matcher.group(3) != null;
            String query = matcher.group(5) == null ? "" : matcher.group(5);
            String verb = switch (method) {
                case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "POST" -> "create";
                case "DELETE" -> named ? "delete" : "deletecollection";
                default -> method;
            };
            return new Call(verb, group, resource);
        }
    }
}
