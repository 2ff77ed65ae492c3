package io.seldonmesh.secretsync;

import io.quarkus.runtime.annotations.QuarkusMain;
import io.seldonmesh.runtime.ServiceMain;

/** {@code java -jar quarkus-run.jar} starts secret-sync; {@code ... doctor} checks its connections and exits. */
@QuarkusMain
public final class SecretSyncMain {

    private SecretSyncMain() {
    }

    public static void main(String... args) {
        ServiceMain.run(new SecretSyncProfile(), args);
    }
}
