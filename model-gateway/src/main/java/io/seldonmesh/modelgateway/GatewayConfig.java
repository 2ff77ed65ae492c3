package io.seldonmesh.modelgateway;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's own settings; each is set by the environment variable named in application.properties, where its
 * default is too (Kafka's are Seldon's variables, read by common's {@code SeldonKafkaSettings}).
 */
@ConfigMapping(prefix = "model-gateway")
public interface GatewayConfig {

    /** {@code grpc} or {@code rest} ({@code MODEL_SERVER_PROTOCOL}). */
    String protocol();

    /**
     * One address for every model, e.g. a Seldon mesh or the local model server ({@code MODEL_SERVER_URL}); when
     * absent, each model's address comes from the {@code endpoints} of its status.
     */
    Optional<String> modelServerUrl();

    /** Consumers (and consumer groups) models are spread over ({@code MODELGATEWAY_MAX_NUM_CONSUMERS}). */
    int maxNumConsumers();

    /** Requests consumed and not yet answered, per consumer ({@code MODELGATEWAY_MAX_IN_FLIGHT}). */
    int maxInFlight();

    /** Requests in flight per input partition ({@code MODELGATEWAY_MAX_IN_FLIGHT_PER_PARTITION}). */
    int maxInFlightPerPartition();

    /** Longest wait for one model server call ({@code MODELGATEWAY_INFER_TIMEOUT}). */
    Duration inferTimeout();

    /** Calls per request, first included ({@code MODELGATEWAY_RETRY_MAX_ATTEMPTS}). */
    int retryMaxAttempts();

    /** Pause before the first retry, doubled each time ({@code MODELGATEWAY_RETRY_INITIAL_BACKOFF}). */
    Duration retryInitialBackoff();

    /** Longest pause between retries ({@code MODELGATEWAY_RETRY_MAX_BACKOFF}). */
    Duration retryMaxBackoff();

    /**
     * How long requests in flight may finish when partitions move or the gateway stops
     * ({@code MODELGATEWAY_DRAIN_TIMEOUT}).
     */
    Duration drainTimeout();

    /**
     * Requests of one model read in one poll that may be stacked into one model call
     * ({@code MODELGATEWAY_MAX_BATCH_SIZE}); 1, the default, calls the model once per request. Only for models
     * whose output rows depend on their input rows alone.
     */
    int maxBatchSize();

    /** {@code at-least-once} or {@code exactly-once} ({@code MODELGATEWAY_DELIVERY}). */
    String delivery();

    /**
     * This replica's stable name, for exactly-once's transactional ids ({@code MODELGATEWAY_REPLICA_ID}); when absent,
     * {@code HOSTNAME} (a pod's name), else the host's name.
     */
    Optional<String> replicaId();
}
