package io.seldonmesh.modelserver;

import io.quarkus.runtime.annotations.QuarkusMain;
import io.seldonmesh.runtime.ServiceMain;

/** {@code java -jar quarkus-run.jar} starts the server; {@code ... doctor} checks its models directory and exits. */
@QuarkusMain
public final class ModelServerMain {

    private ModelServerMain() {
    }

    public static void main(String... args) {
        ServiceMain.run(new ModelServerProfile(), args);
    }
}
