package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.seldonmesh.secretsync.core.CopyAction;
import io.seldonmesh.secretsync.core.Problem;
import io.seldonmesh.secretsync.core.Provenance;
import io.seldonmesh.secretsync.core.SecretData;
import io.seldonmesh.secretsync.core.SourceRef;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SecretWriterTest {

    private static final SourceRef SOURCE_REF = new SourceRef("seldon-mesh", "kafka-sasl");

    KubernetesClient client;
    private SecretWriter writer;
    private Secret source;

    @BeforeEach
    void setUp() {
        writer = new SecretWriter(client, "seldon-mesh");
        for (String namespace : new String[] {"seldon-mesh", "team-a"}) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .createOr(existing -> existing.update());
        }
        source = client.secrets().inNamespace("seldon-mesh").resource(new SecretBuilder()
                .withNewMetadata().withName("kafka-sasl").endMetadata()
                .withData(SecretData.ofText(Map.of("password", "hunter2")).base64()).build()).create();
    }

    private Secret copy(Secret of) {
        return Provenance.copyOf(of, SecretData.of(of), "team-a");
    }

    private Secret inTeamA() {
        return client.secrets().inNamespace("team-a").withName("kafka-sasl").get();
    }

    @Test
    void createWritesTheCopy() {
        assertThat(writer.apply(new CopyAction.Create(SOURCE_REF, copy(source)))).isInstanceOf(WriteOutcome.Done.class);
        assertThat(SecretData.of(inTeamA()).text("password")).contains("hunter2");
        assertThat(Provenance.isCopyFrom(inTeamA(), "seldon-mesh")).isTrue();
    }

    @Test
    void createOverSomeoneElsesSecretIsAConflictAndLeavesItAlone() {
        client.secrets().inNamespace("team-a").resource(new SecretBuilder()
                .withNewMetadata().withName("kafka-sasl").withLabels(Map.of("app.kubernetes.io/managed-by", "Helm")).endMetadata()
                .withData(SecretData.ofText(Map.of("password", "theirs")).base64()).build()).create();
        WriteOutcome outcome = writer.apply(new CopyAction.Create(SOURCE_REF, copy(source)));
        assertThat(outcome).isInstanceOfSatisfying(WriteOutcome.Conflict.class, conflict -> {
            assertThat(conflict.problem().reason()).isEqualTo(Problem.Reason.COPY_CONFLICT);
            assertThat(conflict.problem().message()).contains("team-a/kafka-sasl already exists and is managed by Helm");
        });
        assertThat(SecretData.of(inTeamA()).text("password")).contains("theirs");
    }

    @Test
    void createOverOurOwnCopyIsStaleNotAConflict() {
        client.secrets().inNamespace("team-a").resource(copy(source)).create();
        assertThat(writer.apply(new CopyAction.Create(SOURCE_REF, copy(source)))).isInstanceOf(WriteOutcome.Stale.class);
    }

    @Test
    void updateReplacesDataAndKeepsLabelsOthersAdded() {
        Secret existing = client.secrets().inNamespace("team-a").resource(new SecretBuilder(copy(source))
                .editMetadata().addToLabels("team", "a").endMetadata().build()).create();
        Secret changed = new SecretBuilder(source).withData(SecretData.ofText(Map.of("password", "rotated")).base64()).build();
        assertThat(writer.apply(new CopyAction.Update(SOURCE_REF, copy(changed), existing))).isInstanceOf(WriteOutcome.Done.class);
        assertThat(SecretData.of(inTeamA()).text("password")).contains("rotated");
        assertThat(inTeamA().getMetadata().getLabels()).containsEntry("team", "a")
                .containsEntry(Provenance.MANAGED_BY, Provenance.MANAGER);
    }

    @Test
    void updateOfACopyChangedSinceItWasReadIsStale() {
        Secret existing = client.secrets().inNamespace("team-a").resource(copy(source)).create();
        client.secrets().inNamespace("team-a").withName("kafka-sasl")
                .edit(secret -> new SecretBuilder(secret).editMetadata().addToLabels("touched", "yes").endMetadata().build());
        WriteOutcome outcome = writer.apply(new CopyAction.Update(SOURCE_REF, copy(source), existing));
        assertThat(outcome).isInstanceOf(WriteOutcome.Stale.class);
    }

    @Test
    void changedTypeIsWrittenByDeletingAndCreating() {
        Secret existing = client.secrets().inNamespace("team-a").resource(copy(source)).create();
        Secret retyped = new SecretBuilder(copy(source)).withType("example.com/kafka").build();
        CopyAction.Update update = new CopyAction.Update(SOURCE_REF, retyped, existing);
        assertThat(update.recreate()).isTrue();
        assertThat(writer.apply(update)).isInstanceOf(WriteOutcome.Done.class);
        assertThat(inTeamA().getType()).isEqualTo("example.com/kafka");
    }

    @Test
    void deleteRemovesTheCopy() {
        Secret existing = client.secrets().inNamespace("team-a").resource(copy(source)).create();
        assertThat(writer.apply(new CopyAction.Delete(SOURCE_REF, existing, "test"))).isInstanceOf(WriteOutcome.Done.class);
        assertThat(inTeamA()).isNull();
    }
}
