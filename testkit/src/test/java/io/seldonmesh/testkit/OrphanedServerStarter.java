package io.seldonmesh.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Stands in for a test JVM in {@link OrphanGuardTest}: starts a server, reports its pid, waits to be killed. */
public final class OrphanedServerStarter {

    private OrphanedServerStarter() {
    }

    public static void main(String[] args) throws Exception {
        OAuthServer server = OAuthServer.start();
        Path pidFile = Path.of(args[0]);
        Files.writeString(pidFile.resolveSibling(pidFile.getFileName() + ".tmp"), Long.toString(server.pid()));
        Files.move(pidFile.resolveSibling(pidFile.getFileName() + ".tmp"), pidFile);
        Thread.sleep(Long.MAX_VALUE);
    }
}
