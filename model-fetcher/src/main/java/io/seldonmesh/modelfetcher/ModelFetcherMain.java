package io.seldonmesh.modelfetcher;

import io.quarkus.runtime.annotations.QuarkusMain;
import io.seldonmesh.runtime.ServiceMain;

/**
 * {@code java -jar quarkus-run.jar} starts the fetcher; {@code ... doctor} checks its connections and exits;
 * {@code ... fetch <storageUri> <dest>} fetches one model and exits ({@link OneShotFetch}), without Quarkus or Kafka.
 */
@QuarkusMain
public final class ModelFetcherMain {

    private ModelFetcherMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && OneShotFetch.COMMAND.equals(args[0])) {
            OneShotFetch.exit(args);
            return;
        }
        ServiceMain.run(new ModelFetcherProfile(), args);
    }
}
