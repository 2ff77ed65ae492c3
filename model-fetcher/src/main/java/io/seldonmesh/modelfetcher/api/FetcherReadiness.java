package io.seldonmesh.modelfetcher.api;

import io.seldonmesh.modelfetcher.io.FetcherRuntime;
import io.seldonmesh.runtime.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every Model spec present at start-up has been read from the control topic, while the model server
 * answers and Kafka takes status records (a model being loaded is work, not unreadiness).
 */
@Readiness
@ApplicationScoped
public class FetcherReadiness extends ServiceReadiness {

    @Inject
    FetcherRuntime fetcher;

    @Override
    protected String name() {
        return "model-fetcher";
    }

    @Override
    protected List<String> problems() {
        return fetcher.problems();
    }
}
