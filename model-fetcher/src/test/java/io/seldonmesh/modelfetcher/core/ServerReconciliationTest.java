package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ServerReconciliationTest {

    private static final URI SERVER = URI.create("http://mlserver-0:9500");
    private static final Map<String, String> HELD = Map.of("iris", "4");
    private static final ServerSnapshot.IndexEntry IRIS_READY = new ServerSnapshot.IndexEntry("4", "READY", "");
    private static final Duration EVERY = Duration.ofSeconds(5);

    @Test
    void modelTheIndexShowsReadyAtItsVersionNeedsNothing() {
        assertThat(findings(answering("a", Map.of("iris", IRIS_READY)), "a")).containsEntry("iris", ServerFinding.LOADED);
        assertThat(findings(answering("a", Map.of("iris", new ServerSnapshot.IndexEntry("", "ready", ""))), "a"))
                .as("MLServer may give no version").containsEntry("iris", ServerFinding.LOADED);
    }

    @Test
    void restartedServerWithoutTheModelIsNamedAsRestarted() {
        Map<String, ServerFinding> findings = findings(answering("b", Map.of("iris",
                new ServerSnapshot.IndexEntry("", "UNAVAILABLE", "not loaded"))), "a");

        assertThat(findings.get("iris")).isEqualTo(new ServerFinding(ServerFinding.Kind.RESTARTED, "Model iris: the model server"
                + " at http://mlserver-0:9500 restarted (instance b, was a) and no longer has version 4 loaded: the repository"
                + " index shows it UNAVAILABLE (not loaded); reloading"));
    }

    @Test
    void restartedServerThatLoadedTheModelItselfNeedsNothing() {
        assertThat(findings(answering("b", Map.of("iris", IRIS_READY)), "a")).containsEntry("iris", ServerFinding.LOADED);
    }

    @Test
    void modelMissingFromTheIndexOrAtAnotherVersionIsNotLoaded() {
        assertThat(findings(answering("a", Map.of()), "a").get("iris")).isEqualTo(new ServerFinding(ServerFinding.Kind.NOT_LOADED,
                "Model iris: the model server at http://mlserver-0:9500 no longer has version 4 loaded: it is not in the"
                        + " repository index; reloading"));
        assertThat(findings(answering("a", Map.of("iris", new ServerSnapshot.IndexEntry("3", "READY", ""))), "a").get("iris")
                .reason()).contains("the repository index shows it READY at version 3");
    }

    @Test
    void serverWithoutAnIndexIsTrustedUnlessItsInstanceChanged() {
        ServerSnapshot noIndex = new ServerSnapshot.Answering(Optional.of("b"), Optional.empty());

        assertThat(findings(noIndex, "b")).containsEntry("iris", ServerFinding.LOADED);
        assertThat(findings(noIndex, "a").get("iris").kind()).isEqualTo(ServerFinding.Kind.RESTARTED);
        assertThat(findings(new ServerSnapshot.Answering(Optional.empty(), Optional.empty()), null))
                .as("neither index nor instance id: only answering can be seen").containsEntry("iris", ServerFinding.LOADED);
    }

    @Test
    void serverThatDoesNotAnswerMakesEveryHeldModelUnreachable() {
        Map<String, ServerFinding> findings = ServerReconciliation.findings(SERVER, Map.of("iris", "4", "mnist", "9"),
                new ServerSnapshot.Unreachable("ConnectException: Connection refused"), Optional.of("a"), EVERY);

        assertThat(findings).hasSize(2).containsEntry("iris", new ServerFinding(ServerFinding.Kind.UNREACHABLE, "Model iris:"
                + " the model server at http://mlserver-0:9500 is unreachable: ConnectException: Connection refused; checking"
                + " again every 5 s, the model is loaded again when it answers"));
        assertThat(ServerReconciliation.interval(Duration.ofMillis(500))).isEqualTo("500 ms");
    }

    private static ServerSnapshot answering(String instance, Map<String, ServerSnapshot.IndexEntry> index) {
        return new ServerSnapshot.Answering(Optional.of(instance), Optional.of(index));
    }

    private static Map<String, ServerFinding> findings(ServerSnapshot snapshot, String previousInstance) {
        return ServerReconciliation.findings(SERVER, HELD, snapshot, Optional.ofNullable(previousInstance), EVERY);
    }
}
