package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanGuardTest {

    @Test
    void serverExitsWhenTheJvmThatStartedItIsKilled(@TempDir Path directory) throws Exception {
        Path pidFile = directory.resolve("server.pid");
        List<Path> testClasspath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        ServerProcess testJvm = new ChildJvm("stand-in test JVM")
                .classpath(testClasspath)
                .systemProperty("testkit.workdir", directory.toString())
                .main(OrphanedServerStarter.class.getName(), pidFile.toString())
                .start(directory.resolve("stand-in.log"));
        testJvm.awaitReady(Duration.ofSeconds(60), () -> Files.exists(pidFile));
        long serverPid = Long.parseLong(Files.readString(pidFile));
        ProcessHandle server = ProcessHandle.of(serverPid).orElseThrow();

        ProcessHandle.of(testJvm.pid()).ifPresent(ProcessHandle::destroyForcibly);

        server.onExit().get(20, TimeUnit.SECONDS);
        assertThat(server.isAlive()).isFalse();
        try (Stream<Path> logs = Files.find(directory, 3, (path, attributes) -> path.endsWith("oauth.log"))) {
            assertThat(Files.readString(logs.findFirst().orElseThrow()))
                    .contains("testkit: parent process exited; stopping this server");
        }
        testJvm.close();
    }
}
