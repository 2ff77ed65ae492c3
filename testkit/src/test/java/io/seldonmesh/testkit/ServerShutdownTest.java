package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class ServerShutdownTest {

    @Test
    void closedServersFreeTheirPortsLeaveNoProcessAndDeleteTheirData() throws Exception {
        CompletableFuture<S3Server> s3Start = CompletableFuture.supplyAsync(() -> S3Server.builder().bucket("b").start());
        OAuthServer oauth = OAuthServer.start();
        KafkaBroker broker = KafkaBroker.builder().withOAuth(oauth).start();
        S3Server s3 = s3Start.join();
        List<Integer> ports = List.of(broker.port(Listener.PLAINTEXT), broker.port(Listener.OAUTH), oauth.port(), s3.port());
        List<Long> pids = List.of(broker.pid(), oauth.pid(), s3.pid());
        assertThat(ports).allMatch(FreePort::isListening);

        broker.close();
        oauth.close();
        s3.close();

        assertThat(ports).noneMatch(FreePort::isListening);
        assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).doesNotContainAnyElementsOf(pids);
        assertThat(broker.workDirectory().resolve("data")).doesNotExist();
        assertThat(s3.rootDirectory()).doesNotExist();
        assertThat(Files.readString(broker.logFile())).contains("Kafka Server started");
    }
}
