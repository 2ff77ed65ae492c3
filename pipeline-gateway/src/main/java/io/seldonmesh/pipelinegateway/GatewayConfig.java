package io.seldonmesh.pipelinegateway;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
}
