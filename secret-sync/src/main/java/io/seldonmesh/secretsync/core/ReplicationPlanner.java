package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides, from what the cluster looks like now, every write that brings it to the desired state. Level-based:
 * the same snapshot always gives the same plan, a snapshot that already matches gives no writes, so it can run
 * after every change and on every periodic resync alike.
 *
 * <ul>
 *   <li>A valid source is copied into every target; a copy that differs is updated; copies of a source that is
 *       gone or no longer selected, and copies in a namespace that is no longer a target, are deleted.</li>
 *   <li>An invalid source is reported and left alone: its existing copies keep their last good content, so a
 *       typo in the source does not take credentials away from running workloads.</li>
 *   <li>A valid OAuth source gets a token Secret once a token is known; until then an existing token Secret is
 *       kept. Token Secrets are replicated like sources, and deleted with their source.</li>
 *   <li>Only Secrets marked as ours are updated or deleted; a delete needs the whole mark (the labels and the
 *       source annotation naming this very source): labels alone are too easy to copy by hand. Creating where a
 *       foreign Secret exists fails on the API server, which is where conflicts are found (see
 *       {@link CopyAction.Create}).</li>
 * </ul>
 */
public final class ReplicationPlanner {

    private record CopyKey(String namespace, String name) {
    }

    private final Selection selection;

    public ReplicationPlanner(Selection selection) {
        this.selection = selection;
    }

    public String sourceNamespace() {
        return selection.sourceNamespace();
    }

    /**
     * @param tokens the current token of each OAuth source, by source name
     */
    public ReplicationPlan plan(ClusterSnapshot snapshot, Map<String, IssuedToken> tokens) {
        String sourceNamespace = selection.sourceNamespace();
        Map<String, Secret> inSourceNamespace = snapshot.sourceNamespaceSecrets().stream()
                .filter(secret -> sourceNamespace.equals(secret.getMetadata().getNamespace()))
                .collect(Collectors.toMap(secret -> secret.getMetadata().getName(), secret -> secret, (a, b) -> a, TreeMap::new));
        SortedSet<String> targets = selection.targets(snapshot.namespaces());
        Set<String> terminating = snapshot.namespaces().stream().filter(Selection::terminating)
                .map(namespace -> namespace.getMetadata().getName()).collect(Collectors.toSet());

        List<CopyAction> actions = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<SourceRef, OAuthClientCredentials> oauthSources = new TreeMap<>();
        List<Secret> replicable = new ArrayList<>();
        List<HeldSource> held = new ArrayList<>();
        Set<String> tokensKept = new HashSet<>();
        int valid = 0;
        int invalid = 0;

        for (Secret secret : inSourceNamespace.values()) {
            if (isOurs(secret) || !selection.isSource(secret)) {
                continue;
            }
            SourceRef source = SourceRef.of(secret);
            Validity validity = SecretShape.check(secret);
            if (validity.isValid()) {
                valid++;
                replicable.add(secret);
                if (validity.isKind(SecretKind.OAUTH)) {
                    tokensKept.add(source.name());
                    OAuthClientCredentials credentials = OAuthClientCredentials.from(SecretData.of(secret));
                    oauthSources.put(source, credentials);
                    planTokenSecret(source, inSourceNamespace, tokens.get(source.name()), actions, problems);
                }
            } else {
                invalid++;
                held.add(new HeldSource(source, secret.getMetadata().getResourceVersion()));
                // an OAuth source with a typo keeps its token Secret until it is fixed or removed
                if (validity.kind().isEmpty() || validity.isKind(SecretKind.OAUTH)) {
                    tokensKept.add(source.name());
                }
                problems.add(Problem.invalid(source, validity));
            }
        }

        for (Secret secret : inSourceNamespace.values()) {
            Optional<String> owner = TokenSecret.tokenFor(secret);
            if (owner.isEmpty()) {
                continue;
            }
            if (tokensKept.contains(owner.get())) {
                replicable.add(secret);
            } else {
                actions.add(new CopyAction.Delete(new SourceRef(sourceNamespace, owner.get()), secret,
                        "its OAuth source " + sourceNamespace + "/" + owner.get() + " is gone or no longer an OAuth source"));
            }
        }

        Map<CopyKey, ObservedCopy> copies = new LinkedHashMap<>();
        for (ObservedCopy copy : snapshot.copies()) {
            if (!copy.namespace().equals(sourceNamespace) && Provenance.isCopyFrom(copy.secret(), sourceNamespace)) {
                copies.put(new CopyKey(copy.namespace(), copy.name()), copy);
            }
        }

        List<ReplicatedSource> replicated = new ArrayList<>();
        List<CertificateValidity> certificates = new ArrayList<>();
        int desired = 0;
        int inSync = 0;
        for (Secret source : replicable) {
            SourceRef ref = SourceRef.of(source);
            SecretData data = SecretData.of(source);
            replicated.add(new ReplicatedSource(ref, source.getMetadata().getResourceVersion(), data.sha256()));
            certificates.addAll(CertificateValidity.of(ref, data));
            for (String target : targets) {
                desired++;
                Secret wanted = Provenance.copyOf(source, data, target);
                ObservedCopy existing = copies.remove(new CopyKey(target, ref.name()));
                if (existing == null) {
                    actions.add(new CopyAction.Create(ref, wanted));
                } else if (Provenance.inSync(existing, wanted, data)) {
                    inSync++;
                } else {
                    actions.add(new CopyAction.Update(ref, wanted, existing.secret()));
                }
            }
        }
        for (HeldSource source : held) {
            for (String target : targets) {
                copies.remove(new CopyKey(target, source.source().name()));
            }
        }
        // copies left over: their source is gone or unselected, or their namespace stopped being a target
        for (Map.Entry<CopyKey, ObservedCopy> orphan : copies.entrySet()) {
            String namespace = orphan.getKey().namespace();
            if (terminating.contains(namespace)) {
                continue;
            }
            SourceRef source = new SourceRef(sourceNamespace, orphan.getKey().name());
            if (!Provenance.recordsSource(orphan.getValue().secret(), source)) {
                // labels alone are easy to copy by hand (kubectl get -o yaml | apply); deleting on them is not safe
                problems.add(Problem.conflict(source, namespace, source.name(), "labelled as a secret-sync copy but "
                        + "does not carry the annotation " + Provenance.SOURCE + "=" + source + ", so secret-sync "
                        + "does not delete it although " + source + " is not replicated there"));
                continue;
            }
            String reason = targets.contains(namespace)
                    ? "source " + source + " is gone or no longer selected"
                    : "namespace " + namespace + " is no longer a target";
            actions.add(new CopyAction.Delete(source, orphan.getValue().secret(), reason));
        }
        return new ReplicationPlan(List.copyOf(actions), List.copyOf(problems), Map.copyOf(oauthSources),
                List.copyOf(replicated), List.copyOf(held), List.copyOf(certificates), targets, valid, invalid, desired, inSync);
    }

    private void planTokenSecret(SourceRef source, Map<String, Secret> inSourceNamespace, IssuedToken token,
                                 List<CopyAction> actions, List<Problem> problems) {
        String name = TokenSecret.nameFor(source.name());
        Secret existing = inSourceNamespace.get(name);
        if (existing != null && !TokenSecret.tokenFor(existing).filter(source.name()::equals).isPresent()) {
            problems.add(Problem.conflict(source, source.namespace(), name,
                    Provenance.describeOwner(existing, source.namespace()) + " (secret-sync keeps the token of "
                            + source + " there)"));
            return;
        }
        if (token == null) {
            return;
        }
        Secret wanted = TokenSecret.desired(source, token);
        if (existing == null) {
            actions.add(new CopyAction.Create(source, wanted));
        } else if (!Provenance.inSync(existing, wanted)) {
            actions.add(new CopyAction.Update(source, wanted, existing));
        }
    }

    private static boolean isOurs(Secret secret) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels != null && Provenance.MANAGER.equals(labels.get(Provenance.MANAGED_BY));
    }
}
