package io.seldonmesh.secretsync.core;

import static io.seldonmesh.secretsync.core.Fixtures.DEFAULT_SELECTION;
import static io.seldonmesh.secretsync.core.Fixtures.RUNTIME_LABEL;
import static io.seldonmesh.secretsync.core.Fixtures.RUNTIME_SELECTOR;
import static io.seldonmesh.secretsync.core.Fixtures.SOURCE_NAMESPACE;
import static io.seldonmesh.secretsync.core.Fixtures.namespace;
import static io.seldonmesh.secretsync.core.Fixtures.oauthKeys;
import static io.seldonmesh.secretsync.core.Fixtures.sasl;
import static io.seldonmesh.secretsync.core.Fixtures.secret;
import static io.seldonmesh.secretsync.core.Fixtures.source;
import static io.seldonmesh.secretsync.core.Fixtures.withVersion;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicationPlannerTest {

    private static final ReplicationPlanner PLANNER = new ReplicationPlanner(DEFAULT_SELECTION);
    private static final List<Namespace> NAMESPACES = List.of(namespace(SOURCE_NAMESPACE, RUNTIME_LABEL),
            namespace("seldon-logs"), namespace("team-a", RUNTIME_LABEL), namespace("team-b"));
    private static final IssuedToken TOKEN = new IssuedToken("eyJhbGciOi.token.value", Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T01:00:00Z"));

    private static ReplicationPlan plan(List<Secret> sources, List<Secret> copies) {
        return PLANNER.plan(new ClusterSnapshot(sources, NAMESPACES, observed(copies)), Map.of());
    }

    /** The copies as the watch keeps them: without their data. */
    private static List<ObservedCopy> observed(List<Secret> copies) {
        return copies.stream().map(ObservedCopy::of).toList();
    }

    private static List<String> describe(ReplicationPlan plan) {
        return plan.actions().stream().map(CopyAction::toString).toList();
    }

    /** The copies as they would exist after the plan's writes. */
    private static List<Secret> applied(ReplicationPlan plan, List<Secret> copies) {
        List<Secret> result = new ArrayList<>(copies);
        for (CopyAction action : plan.actions()) {
            result.removeIf(copy -> copy.getMetadata().getNamespace().equals(action.namespace())
                    && copy.getMetadata().getName().equals(action.name()));
            if (action instanceof CopyAction.Create create) {
                result.add(create.secret());
            } else if (action instanceof CopyAction.Update update) {
                result.add(update.secret());
            }
        }
        return result;
    }

    @Test
    void validSourceIsCopiedToSeldonLogsAndLabelledNamespacesOnly() {
        ReplicationPlan plan = plan(List.of(sasl("kafka-sasl", "hunter2")), List.of());
        assertThat(describe(plan)).containsExactly(
                "create seldon-logs/kafka-sasl from seldon-mesh/kafka-sasl",
                "create team-a/kafka-sasl from seldon-mesh/kafka-sasl");
        assertThat(plan.targets()).containsExactly("seldon-logs", "team-a");
        assertThat(plan.desiredCopies()).isEqualTo(2);
        assertThat(plan.copiesInSync()).isZero();
    }

    @Test
    void copyRecordsItsSourceAndHasTheSameTypeAndData() {
        Secret source = withVersion(sasl("kafka-sasl", "hunter2"), "42");
        Secret copy = ((CopyAction.Create) plan(List.of(source), List.of()).actions().get(0)).secret();
        assertThat(copy.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "secret-sync")
                .containsEntry("secret-sync.seldon.io/source-namespace", "seldon-mesh");
        assertThat(copy.getMetadata().getAnnotations())
                .containsEntry("secret-sync.seldon.io/source", "seldon-mesh/kafka-sasl")
                .containsEntry("secret-sync.seldon.io/source-resource-version", "42")
                .containsEntry("secret-sync.seldon.io/source-sha256", SecretData.of(source).sha256());
        assertThat(copy.getType()).isEqualTo("Opaque");
        assertThat(copy.getData()).isEqualTo(source.getData());
        assertThat(copy.getMetadata().getLabels()).doesNotContainKey("seldon.io/kafka-credential");
    }

    @Test
    void replanningAfterTheWritesChangesNothing() {
        List<Secret> sources = List.of(sasl("kafka-sasl", "hunter2"), source("kafka-broker-tls",
                Map.of("ca.crt", TestPem.pem(TestPem.CA.certificate()))));
        ReplicationPlan first = plan(sources, List.of());
        ReplicationPlan second = plan(sources, applied(first, List.of()));
        assertThat(second.actions()).isEmpty();
        assertThat(second.copiesInSync()).isEqualTo(4);
        assertThat(second.desiredCopies()).isEqualTo(4);
    }

    @Test
    void changedSourceUpdatesEveryCopy() {
        List<Secret> copies = applied(plan(List.of(sasl("kafka-sasl", "old")), List.of()), List.of());
        ReplicationPlan plan = plan(List.of(withVersion(sasl("kafka-sasl", "new"), "2")), copies);
        assertThat(describe(plan)).containsExactly(
                "update seldon-logs/kafka-sasl from seldon-mesh/kafka-sasl",
                "update team-a/kafka-sasl from seldon-mesh/kafka-sasl");
        Secret updated = ((CopyAction.Update) plan.actions().get(0)).secret();
        assertThat(SecretData.of(updated).text("password")).contains("new");
    }

    @Test
    void copyEditedByHandIsPutBack() {
        Secret source = sasl("kafka-sasl", "hunter2");
        List<Secret> copies = new ArrayList<>(applied(plan(List.of(source), List.of()), List.of()));
        Secret edited = new SecretBuilder(copies.remove(0)).withData(SecretData.ofText(Map.of("password", "typo")).base64()).build();
        copies.add(edited);
        assertThat(describe(plan(List.of(source), copies))).containsExactly(
                "update " + edited.getMetadata().getNamespace() + "/kafka-sasl from seldon-mesh/kafka-sasl");
    }

    @Test
    void labelsOthersAddToACopyAreNotDrift() {
        Secret source = sasl("kafka-sasl", "hunter2");
        List<Secret> copies = applied(plan(List.of(source), List.of()), List.of()).stream()
                .map(copy -> new SecretBuilder(copy).editMetadata().addToLabels("argocd.argoproj.io/instance", "x").endMetadata().build())
                .toList();
        assertThat(plan(List.of(source), copies).actions()).isEmpty();
    }

    @Test
    void deletedSourceDeletesAllItsCopies() {
        List<Secret> copies = applied(plan(List.of(sasl("kafka-sasl", "p")), List.of()), List.of());
        assertThat(describe(plan(List.of(), copies))).containsExactly(
                "delete seldon-logs/kafka-sasl (source seldon-mesh/kafka-sasl is gone or no longer selected)",
                "delete team-a/kafka-sasl (source seldon-mesh/kafka-sasl is gone or no longer selected)");
    }

    @Test
    void sourceThatLosesItsLabelIsNoLongerReplicated() {
        List<Secret> copies = applied(plan(List.of(sasl("kafka-sasl", "p")), List.of()), List.of());
        Secret unlabelled = secret(SOURCE_NAMESPACE, "kafka-sasl", Map.of(), Map.of("password", "p"));
        assertThat(plan(List.of(unlabelled), copies).actions()).hasSize(2).allMatch(CopyAction.Delete.class::isInstance);
    }

    @Test
    void namespaceThatStopsMatchingLosesOnlyItsCopies() {
        Secret source = sasl("kafka-sasl", "p");
        List<Secret> copies = applied(plan(List.of(source), List.of()), List.of());
        List<Namespace> unlabelled = List.of(namespace(SOURCE_NAMESPACE), namespace("seldon-logs"), namespace("team-a"));
        ReplicationPlan plan = PLANNER.plan(new ClusterSnapshot(List.of(source), unlabelled, observed(copies)), Map.of());
        assertThat(describe(plan)).containsExactly("delete team-a/kafka-sasl (namespace team-a is no longer a target)");
    }

    @Test
    void copiesOfAnotherSourceNamespaceAreNeverTouched() {
        Secret theirs = new SecretBuilder(secret("team-a", "kafka-sasl", Provenance.copyLabels("other-source"), Map.of("password", "x")))
                .build();
        assertThat(plan(List.of(), List.of(theirs)).actions()).isEmpty();
    }

    @Test
    void secretWithOnlyTheCopyLabelsIsNeverDeletedButReported() {
        Secret labelsOnly = secret("team-a", "hand-made", Provenance.copyLabels(SOURCE_NAMESPACE), Map.of("password", "x"));
        Secret otherSource = new SecretBuilder(secret("team-a", "kafka-sasl", Provenance.copyLabels(SOURCE_NAMESPACE),
                Map.of("password", "x"))).editMetadata().addToAnnotations(Provenance.SOURCE, "seldon-mesh/another").endMetadata()
                .build();

        ReplicationPlan plan = plan(List.of(), List.of(labelsOnly, otherSource));

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.problems()).extracting(Problem::subject).containsExactlyInAnyOrder("team-a/hand-made", "team-a/kafka-sasl");
        assertThat(plan.problems().get(0).message()).contains("does not carry the annotation secret-sync.seldon.io/source=");
    }

    @Test
    void newNamespaceGetsItsCopies() {
        Secret source = sasl("kafka-sasl", "p");
        List<Secret> copies = applied(plan(List.of(source), List.of()), List.of());
        List<Namespace> more = new ArrayList<>(NAMESPACES);
        more.add(namespace("team-c", RUNTIME_LABEL));
        assertThat(describe(PLANNER.plan(new ClusterSnapshot(List.of(source), more, observed(copies)), Map.of())))
                .containsExactly("create team-c/kafka-sasl from seldon-mesh/kafka-sasl");
    }

    @Test
    void missingOrTerminatingNamespacesGetNothing() {
        Secret source = sasl("kafka-sasl", "p");
        Namespace terminating = new NamespaceBuilder(namespace("team-a", RUNTIME_LABEL)).editStatus().withPhase("Terminating")
                .endStatus().build();
        List<Secret> copies = List.of(Provenance.copyOf(source, SecretData.of(source), "team-a"));
        ReplicationPlan plan = PLANNER.plan(new ClusterSnapshot(List.of(source), List.of(namespace(SOURCE_NAMESPACE), terminating),
                observed(copies)), Map.of());
        assertThat(plan.targets()).isEmpty();
        assertThat(plan.actions()).isEmpty();
    }

    @Test
    void invalidSourceIsReportedAndItsCopiesKeepTheirLastGoodContent() {
        List<Secret> copies = applied(plan(List.of(sasl("kafka-sasl", "good")), List.of()), List.of());
        ReplicationPlan plan = plan(List.of(withVersion(sasl("kafka-sasl", ""), "2")), copies);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.invalidSources()).isEqualTo(1);
        assertThat(plan.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(Problem.Reason.INVALID_SECRET);
            assertThat(problem.source()).isEqualTo(new SourceRef(SOURCE_NAMESPACE, "kafka-sasl"));
        });
        assertThat(plan.replicated()).isEmpty();
    }

    @Test
    void invalidNewSourceIsNotReplicated() {
        ReplicationPlan plan = plan(List.of(source("kafka-oauth", Map.of("method", "OIDC"))), List.of());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.oauthSources()).isEmpty();
        assertThat(plan.problems()).hasSize(1);
    }

    @Test
    void nameListSelectsUnlabelledSources() {
        ReplicationPlanner byName = new ReplicationPlanner(new Selection(SOURCE_NAMESPACE, Set.of("kafka-sasl"),
                LabelSelector.none(), Set.of("seldon-logs"), RUNTIME_SELECTOR));
        Secret named = secret(SOURCE_NAMESPACE, "kafka-sasl", Map.of(), Map.of("password", "p"));
        Secret other = sasl("other", "p");
        assertThat(byName.plan(new ClusterSnapshot(List.of(named, other), NAMESPACES, List.of()), Map.of()).actions())
                .extracting(CopyAction::name).containsOnly("kafka-sasl");
    }

    @Test
    void changedTypeRecreatesTheCopy() {
        Secret source = sasl("kafka-sasl", "p");
        List<Secret> copies = applied(plan(List.of(source), List.of()), List.of());
        Secret retyped = new SecretBuilder(source).withType("example.com/kafka").build();
        ReplicationPlan plan = plan(List.of(retyped), copies);
        assertThat(describe(plan)).containsExactly("recreate seldon-logs/kafka-sasl from seldon-mesh/kafka-sasl",
                "recreate team-a/kafka-sasl from seldon-mesh/kafka-sasl");
    }

    @Test
    void validOAuthSourceIsHandedToTheTokenRefresher() {
        ReplicationPlan plan = plan(List.of(source("kafka-oauth", oauthKeys("https://idp.example.com/token"))), List.of());
        assertThat(plan.oauthSources()).containsOnlyKeys(new SourceRef(SOURCE_NAMESPACE, "kafka-oauth"));
        assertThat(plan.oauthSources().values().iterator().next().clientId()).isEqualTo("kafka-client");
    }

    @Test
    void knownTokenIsWrittenToTheTokenSecretNextToItsSource() {
        Secret oauth = source("kafka-oauth", oauthKeys("https://idp.example.com/token"));
        ReplicationPlan plan = PLANNER.plan(new ClusterSnapshot(List.of(oauth), NAMESPACES, List.of()), Map.of("kafka-oauth", TOKEN));
        assertThat(describe(plan)).contains("create seldon-mesh/kafka-oauth-token from seldon-mesh/kafka-oauth");
        Secret tokenSecret = plan.actions().stream().filter(a -> a.name().equals("kafka-oauth-token"))
                .map(a -> ((CopyAction.Create) a).secret()).findFirst().orElseThrow();
        SecretData data = SecretData.of(tokenSecret);
        assertThat(data.text("token")).contains(TOKEN.value());
        assertThat(data.text("expires_at")).contains("2026-01-01T01:00:00Z");
        assertThat(TokenSecret.tokenFor(tokenSecret)).contains("kafka-oauth");
    }

    @Test
    void tokenSecretIsReplicatedLikeASource() {
        Secret oauth = source("kafka-oauth", oauthKeys("https://idp.example.com/token"));
        Secret tokenSecret = withVersion(TokenSecret.desired(new SourceRef(SOURCE_NAMESPACE, "kafka-oauth"), TOKEN), "7");
        ReplicationPlan plan = PLANNER.plan(new ClusterSnapshot(List.of(oauth, tokenSecret), NAMESPACES, List.of()),
                Map.of("kafka-oauth", TOKEN));
        assertThat(describe(plan)).containsExactlyInAnyOrder(
                "create seldon-logs/kafka-oauth from seldon-mesh/kafka-oauth",
                "create team-a/kafka-oauth from seldon-mesh/kafka-oauth",
                "create seldon-logs/kafka-oauth-token from seldon-mesh/kafka-oauth-token",
                "create team-a/kafka-oauth-token from seldon-mesh/kafka-oauth-token");
        assertThat(plan.replicated()).extracting(r -> r.source().name()).containsExactlyInAnyOrder("kafka-oauth", "kafka-oauth-token");
    }

    @Test
    void tokenSecretIsKeptWhileNoNewTokenIsKnown() {
        Secret oauth = source("kafka-oauth", oauthKeys("https://idp.example.com/token"));
        Secret tokenSecret = TokenSecret.desired(new SourceRef(SOURCE_NAMESPACE, "kafka-oauth"), TOKEN);
        ReplicationPlan plan = PLANNER.plan(new ClusterSnapshot(List.of(oauth, tokenSecret), NAMESPACES, List.of()), Map.of());
        assertThat(describe(plan)).noneMatch(action -> action.contains("seldon-mesh/kafka-oauth-token from"));
    }

    @Test
    void tokenSecretOfADeletedOAuthSourceIsDeleted() {
        Secret tokenSecret = TokenSecret.desired(new SourceRef(SOURCE_NAMESPACE, "kafka-oauth"), TOKEN);
        assertThat(describe(plan(List.of(tokenSecret), List.of()))).containsExactly(
                "delete seldon-mesh/kafka-oauth-token (its OAuth source seldon-mesh/kafka-oauth is gone or no longer an OAuth source)");
    }

    @Test
    void tokenSecretNameTakenBySomeoneElseIsAConflict() {
        Secret oauth = source("kafka-oauth", oauthKeys("https://idp.example.com/token"));
        Secret theirs = secret(SOURCE_NAMESPACE, "kafka-oauth-token", Map.of(), Map.of("token", "mine"));
        ReplicationPlan plan = PLANNER.plan(new ClusterSnapshot(List.of(oauth, theirs), NAMESPACES, List.of()),
                Map.of("kafka-oauth", TOKEN));
        assertThat(describe(plan)).noneMatch(action -> action.contains("kafka-oauth-token"));
        assertThat(plan.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(Problem.Reason.COPY_CONFLICT);
            assertThat(problem.subject()).isEqualTo("seldon-mesh/kafka-oauth-token");
        });
    }

    @Test
    void actionsNeverPrintSecretData() {
        ReplicationPlan plan = PLANNER.plan(new ClusterSnapshot(List.of(sasl("kafka-sasl", "hunter2"),
                source("kafka-oauth", oauthKeys("https://idp.example.com/token"))), NAMESPACES, List.of()), Map.of("kafka-oauth", TOKEN));
        assertThat(plan.toString()).doesNotContain("hunter2").doesNotContain(TOKEN.value())
                .doesNotContain("very-secret-client-secret").doesNotContain(SecretData.ofText(Map.of("p", "hunter2")).base64().get("p"));
    }
}
