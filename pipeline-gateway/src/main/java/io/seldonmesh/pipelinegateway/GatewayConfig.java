package io.seldonmesh.pipelinegateway;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The gateway's own settings; the Kafka ones come from Seldon's variables through common. Environment
 * variable names are in application.properties and README.md.
 */
@ConfigMapping(prefix = "pipeline-gateway")
public interface GatewayConfig {

    /** {@code SELDON_GATEWAY_TIMEOUT}: how long a request waits for its answer unless it asks otherwise. */
    Duration timeout();

    /** {@code SELDON_GATEWAY_MAX_TIMEOUT}: the most a request may ask for. */
    Duration maxTimeout();

    /** {@code SELDON_GATEWAY_MAX_PENDING}: requests that may wait at once before new ones get 429. */
    int maxPending();

    /**
     * {@code SELDON_GATEWAY_STEP_SCAN_RECORDS}: records a look-back at the steps of timed-out pipeline requests may
     * read; 0 turns it off.
     */
    int stepScanRecords();

    /**
     * {@code SELDON_GATEWAY_STEP_SCAN_TIME}: how long a pipeline's 504 may wait for that look-back (at most 1 s);
     * 0 turns it off.
     */
    Duration stepScanTime();

    /**
     * {@code SELDON_GATEWAY_MODEL_CONSUMER_CHECK}: how often the ingress asks Kafka whether a model-gateway reads each
     * Available model's requests (a model nobody reads is not ready: 503 at once); 0 turns it off.
     */
    Duration modelConsumerCheck();

    /**
     * {@code SELDON_GATEWAY_MODEL_CONSUMER_GRACE}: how long a model that has just become Available is given for a
     * model-gateway to start reading it before that check may call it not ready.
     */
    Duration modelConsumerGrace();

    /** {@code MODELGATEWAY_MAX_NUM_CONSUMERS}, as model-gateway has it: which consumer group reads which model. */
    int modelGatewayConsumers();

    /** {@code SELDON_WATCH_CRDS}: take specs from Model and Pipeline custom resources, write statuses back. */
    boolean watchCrds();

    /** {@code SELDON_CRD_RESYNC}: how often every custom resource is applied again even without a change. */
    Duration crdResync();

    /**
     * {@code SELDON_GATEWAY_ROLES}: {@code ingress} (REST/gRPC inference), {@code dataflow} (runs the pipelines), or
     * both; Seldon runs them as separate deployments.
     */
    List<String> roles();

    Dataflow dataflow();

    Auth auth();

    Tls tls();

    Control control();

    /** The pipeline dataflow's settings. */
    interface Dataflow {

        /** {@code SELDON_DATAFLOW_JOIN_WINDOW}: how long a join waits when its spec gives no {@code joinWindowMs}. */
        Duration joinWindow();

        /** {@code SELDON_DATAFLOW_PROCESSING_GUARANTEE}: {@code at_least_once} or {@code exactly_once_v2}. */
        String processingGuarantee();

        /** {@code SELDON_DATAFLOW_COMMIT_INTERVAL}: 1 s at-least-once, 100 ms exactly-once when not set. */
        Optional<Duration> commitInterval();

        /** {@code SELDON_DATAFLOW_STATE_DIR}: Kafka Streams' local files; a temporary directory when not set. */
        Optional<String> stateDir();
    }

    /**
     * Who may call the control and inference APIs. Off (everyone may) unless {@code SELDON_AUTH_METHODS} names a
     * method; the settings are checked together at start-up (security's {@code AccessSettings}).
     */
    interface Auth {

        /** {@code SELDON_AUTH_METHODS}: {@code oidc}, {@code mtls}, both (comma-separated), or none (the default). */
        Optional<List<String>> methods();

        /** {@code SELDON_AUTH_OIDC_ISSUER}: the issuer URL; its discovery document names the JWKS. */
        Optional<String> oidcIssuer();

        /** {@code SELDON_AUTH_OIDC_AUDIENCE}: an accepted token's {@code aud} must contain it. */
        Optional<String> oidcAudience();

        /** {@code SELDON_AUTH_OIDC_ROLES_CLAIM}: the claim holding a token's roles; a nested one as {@code a/b}. */
        String oidcRolesClaim();

        /** {@code SELDON_AUTH_OIDC_SUBJECT_ROLES}: roles given to token subjects, {@code sub:role[,role];...}. */
        Optional<String> oidcSubjectRoles();

        /** {@code SELDON_AUTH_CLIENT_CERT_ROLES}: roles given to certificate subjects, {@code CN=x:role[,role];...}. */
        Optional<String> clientCertRoles();

        /** {@code SELDON_AUTH_METRICS_ROLE}: the role {@code /q/metrics} needs; open when not set. */
        Optional<String> metricsRole();
    }

    /** TLS of every listener (REST, gRPC, control), Seldon-style: a protocol switch and PEM file locations. */
    interface Tls {

        /** {@code SELDON_GATEWAY_SECURITY_PROTOCOL}: {@code PLAINTEXT} (the default) or {@code SSL}. */
        String protocol();

        /** {@code SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION}: the server's PEM private key. */
        Optional<String> keyLocation();

        /** {@code SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION}: the server's PEM certificate (chain). */
        Optional<String> certificateLocation();

        /** {@code SELDON_GATEWAY_CLIENT_TLS_CA_LOCATION}: the PEM CA client certificates are verified with. */
        Optional<String> clientCaLocation();

        /** {@code SELDON_GATEWAY_CLIENT_TLS_AUTH}: {@code request} (the default) or {@code required}. */
        String clientAuth();

        /** {@code SELDON_GATEWAY_TLS_RELOAD_PERIOD}: how often the PEM files are read again. */
        Duration reloadPeriod();
    }

    /** The control API's own listener (issue 17: a port a NetworkPolicy can keep apart from inference). */
    interface Control {

        /** {@code SELDON_CONTROL_PORT}: serve the control API only there; on the HTTP port when not set. */
        OptionalInt port();

        /** {@code SELDON_CONTROL_HOST}: the control listener's address; the HTTP one's when not set. */
        String host();

        /**
         * {@code STORAGE_URI_ALLOWED_PREFIXES}: where Models may be loaded from (common's {@code StorageAllowList});
         * empty allows every location. model-fetcher reads the same variable.
         */
        Optional<String> storageUriAllowedPrefixes();
    }
}
