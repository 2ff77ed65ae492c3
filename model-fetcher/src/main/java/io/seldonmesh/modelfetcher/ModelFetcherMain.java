package io.seldonmesh.modelfetcher;

import io.quarkus.runtime.annotations.QuarkusMain;
import io.seldonmesh.runtime.ServiceMain;

/** {@code java -jar quarkus-run.jar} starts the fetcher; {@code ... doctor} checks its connections and exits. */
@QuarkusMain
public final class ModelFetcherMain {

    private ModelFetcherMain() {
    }

    public static void main(String... args) {
        ServiceMain.run(new ModelFetcherProfile(), args);
    }
}
