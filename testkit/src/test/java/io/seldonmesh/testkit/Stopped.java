package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** What "stopped" means for every server: no process, no listening port, not our child any more. */
final class Stopped {

    private Stopped() {
    }

    static void assertStopped(ChildServer server, List<Integer> ports) {
        assertThat(ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false))
                .as("process %d of %s is alive", server.pid(), server).isFalse();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).doesNotContain(server.pid());
        assertThat(ports).as("ports of %s", server).noneMatch(FreePort::isListening);
    }
}
