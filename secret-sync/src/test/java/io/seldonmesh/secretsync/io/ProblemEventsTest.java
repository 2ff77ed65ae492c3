package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.seldonmesh.secretsync.core.Problem;
import io.seldonmesh.secretsync.core.SourceRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ProblemEventsTest {

    KubernetesClient client;

    @Test
    void problemBecomesAWarningEventOnTheSourceSecret() {
        Secret source = client.secrets().inNamespace("seldon-mesh").resource(new SecretBuilder()
                .withNewMetadata().withName("kafka-sasl").withUid("uid-1").endMetadata().build()).create();
        ProblemEvents events = new ProblemEvents(client, Clock.fixed(Instant.parse("2026-01-01T10:00:00.5Z"), ZoneOffset.UTC), "pod-1");
        Problem problem = Problem.conflict(new SourceRef("seldon-mesh", "kafka-sasl"), "team-a", "kafka-sasl", "managed by Helm");

        events.record(problem, Optional.of(source));

        List<Event> recorded = client.v1().events().inNamespace("seldon-mesh").list().getItems();
        assertThat(recorded).singleElement().satisfies(event -> {
            assertThat(event.getMetadata().getName()).startsWith("kafka-sasl.");
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo("CopyConflict");
            assertThat(event.getMessage()).isEqualTo(problem.message());
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("Secret");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("kafka-sasl");
            assertThat(event.getInvolvedObject().getUid()).isEqualTo(source.getMetadata().getUid());
            assertThat(event.getSource().getComponent()).isEqualTo("secret-sync");
            assertThat(event.getReportingInstance()).isEqualTo("pod-1");
            assertThat(event.getFirstTimestamp()).isEqualTo("2026-01-01T10:00:00Z");
        });
    }

    @Test
    void sameProblemReportedAfterARestartCountsUpTheEventInsteadOfAddingOne() {
        Problem problem = Problem.conflict(new SourceRef("seldon-mesh", "kafka-sasl"), "team-a", "kafka-sasl", "managed by Helm");
        new ProblemEvents(client, Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC), "pod-1")
                .record(problem, Optional.empty());

        ProblemEvents restarted = new ProblemEvents(client, Clock.fixed(Instant.parse("2026-01-01T11:00:00Z"), ZoneOffset.UTC),
                "pod-2");
        restarted.record(problem, Optional.empty());
        restarted.record(Problem.conflict(new SourceRef("seldon-mesh", "kafka-sasl"), "team-b", "kafka-sasl", "managed by Helm"),
                Optional.empty());

        List<Event> recorded = client.v1().events().inNamespace("seldon-mesh").list().getItems();
        assertThat(recorded).hasSize(2);
        assertThat(recorded).filteredOn(event -> event.getMessage().contains("team-a/")).singleElement().satisfies(event -> {
            assertThat(event.getCount()).isEqualTo(2);
            assertThat(event.getFirstTimestamp()).isEqualTo("2026-01-01T10:00:00Z");
            assertThat(event.getLastTimestamp()).isEqualTo("2026-01-01T11:00:00Z");
        });
    }
}
