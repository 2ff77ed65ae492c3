package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.seldonmesh.common.doctor.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * The doctor's look at the Kubernetes API as secret-sync uses it: the API server answers, and this identity may do
 * all that {@code deploy/secret-sync/rbac.yaml} grants, asked with SelfSubjectAccessReviews (which every
 * authenticated identity may create), so nothing is read or written.
 */
public final class KubernetesAccessCheck {

    public static final String API = "kubernetes";
    public static final String RBAC = "rbac";
    private static final String RBAC_FILE = "deploy/secret-sync/rbac.yaml";

    /** One rule of rbac.yaml: verbs on a resource, in every namespace or only the source namespace. */
    private record Rule(String resource, List<String> verbs, boolean inSourceNamespaceOnly, String grantedBy,
                        String why) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("namespaces", List.of("list", "watch"), false, "ClusterRole seldon-mesh-secret-sync",
                    "finds the target namespaces"),
            new Rule("secrets", List.of("get", "list", "watch", "create", "update", "delete"), false,
                    "ClusterRole seldon-mesh-secret-sync", "reads sources, writes copies and token Secrets"),
            new Rule("events", List.of("create"), true, "Role secret-sync-events",
                    "reports a problem on its source Secret"));

    private final KubernetesClient client;
    private final String sourceNamespace;

    public KubernetesAccessCheck(KubernetesClient client, String sourceNamespace) {
        this.client = client;
        this.sourceNamespace = sourceNamespace;
    }

    /** The API server layer, then one finding per rule; the rules are skipped when the API server does not answer. */
    public List<Finding> examine() {
        List<Finding> findings = new ArrayList<>();
        try {
            VersionInfo version = client.getKubernetesVersion();
            findings.add(Finding.ok(API, "API server " + client.getMasterUrl() + " answers (Kubernetes "
                    + version.getGitVersion() + ")"));
        } catch (KubernetesClientException e) {
            findings.add(Finding.fail(API, "the API server " + client.getMasterUrl() + " does not answer ("
                    + KubernetesFailure.describe(e) + "): in a pod the service account's in-cluster address is used;"
                    + " elsewhere set KUBERNETES_MASTER or a kubeconfig"));
            findings.add(Finding.skip(RBAC));
            return findings;
        }
        for (Rule rule : RULES) {
            findings.add(examine(rule));
        }
        return findings;
    }

    private Finding examine(Rule rule) {
        String where = rule.inSourceNamespaceOnly() ? "in " + sourceNamespace : "in every namespace";
        List<String> denied = new ArrayList<>();
        try {
            for (String verb : rule.verbs()) {
                if (!allowed(verb, rule.resource(), rule.inSourceNamespaceOnly() ? sourceNamespace : null)) {
                    denied.add(verb);
                }
            }
        } catch (KubernetesClientException e) {
            return Finding.fail(RBAC, "could not ask the API server what this identity may do with "
                    + rule.resource() + " (" + KubernetesFailure.describe(e) + ")");
        }
        String what = rule.resource() + " " + where;
        if (denied.isEmpty()) {
            return Finding.ok(RBAC, String.join(", ", rule.verbs()) + " " + what + " (" + rule.why() + ")");
        }
        return Finding.fail(RBAC, "may not " + String.join(", ", denied) + " " + what + ", which secret-sync needs ("
                + rule.why() + "): apply the " + rule.grantedBy() + " of " + RBAC_FILE + " and bind it to this"
                + " service account (kubectl apply -k deploy/secret-sync/)");
    }

    /** @param namespace null for every namespace */
    private boolean allowed(String verb, String resource, String namespace) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                .withGroup("").withResource(resource).withVerb(verb).withNamespace(namespace)
                .endResourceAttributes().endSpec().build();
        SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
        return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    }
}
