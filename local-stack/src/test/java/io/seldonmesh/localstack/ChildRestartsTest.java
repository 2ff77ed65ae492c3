package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChildRestartsTest {

    private static final Path LOG = Path.of(".local-stack/logs/model-gateway-1/model-gateway.log");
    private static final Duration SHORT = Duration.ofSeconds(5);

    @Test
    void waitDoublesFromOneSecondUpToThirtyWhileTheChildKeepsExitingSoonAfterItsStart() {
        ChildRestarts gateway = ChildRestarts.restarting("model-gateway");
        List<Duration> waits = new ArrayList<>();
        waits.add(gateway.exited(137, Duration.ofMinutes(5), LOG, "").restartIn().orElseThrow());
        for (int i = 0; i < 6; i++) {
            gateway.restarted(SHORT, "pid 2");
            waits.add(gateway.exited(1, SHORT, LOG, "").restartIn().orElseThrow());
        }

        assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    }

    @Test
    void failedRestartCountsAsAnotherQuickExit() {
        ChildRestarts gateway = ChildRestarts.restarting("model-gateway");
        gateway.exited(137, Duration.ofMinutes(5), LOG, "");

        ChildRestarts.Decision decision = gateway.restartFailed("port 9020 is already in use");

        assertThat(decision.restartIn()).contains(Duration.ofSeconds(2));
        assertThat(decision.report()).startsWith("!! model-gateway did not start again: port 9020 is already in use")
                .contains("restarting it in 2 s");
    }

    @Test
    void childThatStayedUpAMinuteStartsOverAtOneSecond() {
        ChildRestarts gateway = ChildRestarts.restarting("model-gateway");
        for (int i = 0; i < 4; i++) {
            gateway.exited(1, SHORT, LOG, "");
            gateway.restarted(SHORT, "pid 2");
        }

        assertThat(gateway.exited(137, ChildRestarts.STABLE_AFTER, LOG, "").restartIn()).contains(Duration.ofSeconds(1));
    }

    @Test
    void reportNamesTheChildItsExitCodeAndSignalTheEndOfItsLogAndWhatHappensNext() {
        ChildRestarts gateway = ChildRestarts.restarting("model-gateway");

        String report = gateway.exited(137, Duration.ofMillis(83_400), LOG, "INFO started\nINFO consuming iris").report();

        assertThat(report).startsWith("!! model-gateway exited with code 137 (SIGKILL: kill -9 or the kernel's OOM killer)"
                        + " after 83.4 s up\n")
                .contains("   last lines of " + LOG + ":\n   | INFO started\n   | INFO consuming iris\n")
                .contains("   restarting it in 1 s on the same ports with the same settings (restart 1;");
    }

    @Test
    void restartedLineCountsTheRestartAndSaysWhereTheNewProcessIs() {
        ChildRestarts gateway = ChildRestarts.restarting("model-gateway");
        gateway.exited(137, SHORT, LOG, "");

        assertThat(gateway.restarted(Duration.ofMillis(2_600), "pid 42, log model-gateway-2/model-gateway.log"))
                .isEqualTo("   model-gateway is running again (restart 1, ready in 2.6 s; pid 42, log "
                        + "model-gateway-2/model-gateway.log)");
    }

    @Test
    void exitCodesAboveOneHundredTwentyEightNameTheirSignal() {
        assertThat(ChildRestarts.describeExit(137)).isEqualTo("137 (SIGKILL)");
        assertThat(ChildRestarts.describeExit(143)).isEqualTo("143 (SIGTERM)");
        assertThat(ChildRestarts.describeExit(134)).isEqualTo("134 (SIGABRT)");
        assertThat(ChildRestarts.describeExit(1)).isEqualTo("1");
        assertThat(ChildRestarts.describeExit(200)).isEqualTo("200");
    }

    @Test
    void childThatIsNotRestartedSaysWhyAndGetsNoWait() {
        ChildRestarts broker = ChildRestarts.notRestarted("Kafka broker", "its data would be gone");

        ChildRestarts.Decision decision = broker.exited(137, SHORT, LOG, "");

        assertThat(decision.restartIn()).isEmpty();
        assertThat(decision.report()).endsWith("   not restarted: its data would be gone")
                .doesNotContain("restarting");
        assertThat(broker.summary()).contains("Kafka broker: down, last exit 137 (SIGKILL), not restarted");
    }

    @Test
    void summaryLineCountsRunningChildrenAndShowsRestartsAndLastExitOfEachThatExited() {
        ChildRestarts server = ChildRestarts.restarting("model-server");
        ChildRestarts gateway = ChildRestarts.restarting("model-gateway");
        ChildRestarts fetcher = ChildRestarts.restarting("model-fetcher");
        assertThat(ChildRestarts.summaryLine(List.of(server, gateway, fetcher)))
                .isEqualTo("stack: 3 of 3 children running, no restarts");

        gateway.exited(137, SHORT, LOG, "");
        gateway.restarted(SHORT, "pid 2");
        gateway.exited(1, SHORT, LOG, "");
        gateway.restarted(SHORT, "pid 2");
        fetcher.exited(143, SHORT, LOG, "");

        assertThat(ChildRestarts.summaryLine(List.of(server, gateway, fetcher))).isEqualTo("stack: 2 of 3 children running"
                + "; model-gateway: restarted 2 times, last exit 1"
                + "; model-fetcher: down, restarting, last exit 143 (SIGTERM)");
        assertThat(server.summary()).isEqualTo(Optional.empty());
    }
}
