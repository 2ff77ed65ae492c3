package io.seldonmesh.pipelinegateway.api;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.pipelinegateway.GatewayConfig;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.security.ServerTls;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The control API's own listener ({@code SELDON_CONTROL_PORT}), so that a NetworkPolicy can let the deployers reach it
 * and the inference callers not. It is a second Vert.x HTTP server handing every request to the same Quarkus request
 * handling as the HTTP port (the REST endpoints, their filters, body limits, health), with the same TLS registry
 * entry; {@link RestAccess} then admits {@code /v1} only here and everything else of the REST API only on the HTTP
 * port. Without the setting there is no such listener and the control API stays on the HTTP port, as before.
 */
@ApplicationScoped
public class ControlListener {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    GatewayConfig config;

    @Inject
    Optional<ServerTls> tls;

    @Inject
    TlsConfigurationRegistry registry;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    private volatile HttpServer server;

    void start(@Observes StartupEvent event) {
        OptionalInt port = config.control().port();
        if (port.isEmpty()) {
            return;
        }
        if (port.getAsInt() != 0 && port.getAsInt() == httpPort) {
            throw new IllegalArgumentException("SELDON_CONTROL_PORT=" + port.getAsInt() + " is the HTTP port"
                    + " (HTTP_PORT): give the control API a port of its own, or unset SELDON_CONTROL_PORT");
        }
        HttpServerOptions options = new HttpServerOptions().setHost(config.control().host()).setPort(port.getAsInt());
        tls.ifPresent(settings -> secure(options, settings));
        HttpServer listening = vertx.createHttpServer(options).requestHandler(ControlListener::handle);
        try {
            listening.listen().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("SELDON_CONTROL_PORT=" + port.getAsInt() + ": the control API cannot listen"
                    + " on " + config.control().host() + ":" + port.getAsInt() + ": " + e.getMessage(), e);
        }
        server = listening;
        LOG.infof("control API (/v1) on %s:%d%s, and no longer on the HTTP port", config.control().host(),
                listening.actualPort(), tls.isPresent() ? " (TLS)" : "");
    }

    void reload(@Observes CertificateUpdatedEvent event) {
        HttpServer listening = server;
        if (listening != null && ServerTls.REGISTRY_NAME.equals(event.name())) {
            listening.updateSSLOptions(event.tlsConfiguration().getSSLOptions());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        HttpServer listening = server;
        if (listening != null) {
            listening.close();
        }
    }

    /** The port the control API is served on, when it has its own. */
    public OptionalInt port() {
        HttpServer listening = server;
        return listening == null ? OptionalInt.empty() : OptionalInt.of(listening.actualPort());
    }

    /**
     * Empty when the endpoint is served on the listener the request came in on; else the 404 that says where it is.
     */
    Optional<InferenceFailure> misplaced(boolean controlApi, int localPort) {
        OptionalInt own = port();
        if (own.isEmpty() || controlApi == (localPort == own.getAsInt())) {
            return Optional.empty();
        }
        return Optional.of(new InferenceFailure(InferenceFailure.Reason.NOT_FOUND, controlApi
                ? "the control API (/v1) is served on port " + own.getAsInt() + " (SELDON_CONTROL_PORT), not here"
                : "port " + own.getAsInt() + " (SELDON_CONTROL_PORT) serves only the control API (/v1), /q/health and"
                        + " /q/metrics; inference is on the HTTP port (HTTP_PORT)"));
    }

    private void secure(HttpServerOptions options, ServerTls settings) {
        TlsConfiguration entry = registry.get(ServerTls.REGISTRY_NAME).orElseThrow();
        options.setSsl(true).setKeyCertOptions(entry.getKeyStoreOptions());
        settings.clientCa().ifPresent(ca -> options.setTrustOptions(entry.getTrustStoreOptions())
                .setClientAuth(settings.clientAuth()));
    }

    /** Quarkus' own root handler, looked up per request: it is set when the HTTP port starts, after this one. */
    private static void handle(HttpServerRequest request) {
        Handler<HttpServerRequest> root = VertxHttpRecorder.getRootHandler();
        if (root == null) {
            request.response().setStatusCode(503).putHeader("content-type", "application/json")
                    .end(Buffer.buffer(V2Json.writeError("pipeline-gateway is starting")));
            return;
        }
        root.handle(request);
    }
}
