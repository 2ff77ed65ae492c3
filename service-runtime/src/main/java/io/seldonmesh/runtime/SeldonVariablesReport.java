package io.seldonmesh.runtime;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Says once, at start-up, what this service makes of the Seldon variables it was given ({@link SeldonVariables}). */
@ApplicationScoped
public class SeldonVariablesReport {

    private static final Logger LOG = Logger.getLogger(SeldonVariablesReport.class);

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    void onStart(@Observes StartupEvent started) {
        for (SeldonVariables.Notice notice : SeldonVariables.examine(service, System.getenv())) {
            if (notice.level() == SeldonVariables.Level.IGNORED) {
                LOG.warn(notice.line());
            } else {
                LOG.info(notice.line());
            }
        }
    }
}
