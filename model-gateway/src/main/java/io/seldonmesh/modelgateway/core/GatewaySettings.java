package io.seldonmesh.modelgateway.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's own settings, checked together at start-up so a wrong one stops the service with a line naming its
 * variable. Kafka's settings are common's {@code SeldonKafkaSettings}.
 *
 * @param fixedServer  one model server address for every model ({@code MODEL_SERVER_URL}), else each model's status
 *                     endpoints are used
 * @param replicaId    this replica's name among the gateway's replicas, stable across its restarts (e.g. the pod
 *                     name); exactly-once builds its transactional ids from it
 * @param maxBatchSize requests of one model consumed together that may go to the model server as one call
 *                     ({@link io.seldonmesh.common.v2.RequestBatch}); 1 sends each request on its own
 */
public record GatewaySettings(ModelServerProtocol protocol, Optional<String> fixedServer, int maxConsumers,
                              int maxInFlight, int maxInFlightPerPartition, Duration inferTimeout,
                              int retryMaxAttempts, Duration retryInitialBackoff, Duration retryMaxBackoff,
                              Duration drainTimeout, DeliveryMode delivery, String replicaId, int maxBatchSize) {

    public static final String MODEL_SERVER_URL_VARIABLE = "MODEL_SERVER_URL";
    public static final String REPLICA_ID_VARIABLE = "MODELGATEWAY_REPLICA_ID";
    public static final String MAX_BATCH_SIZE_VARIABLE = "MODELGATEWAY_MAX_BATCH_SIZE";
    private static final int BATCH_SIZE_LIMIT = 1024;

    public GatewaySettings {
        fixedServer = fixedServer.map(String::trim).filter(url -> !url.isEmpty());
        if (protocol == ModelServerProtocol.REST && fixedServer.isPresent()
                && !fixedServer.get().matches("https?://[^/\\s]+(/\\S*)?")) {
            throw new IllegalArgumentException(MODEL_SERVER_URL_VARIABLE + "='" + fixedServer.get() + "' is not an"
                    + " HTTP URL: with " + ModelServerProtocol.VARIABLE + "=rest use e.g. http://mlserver:9000");
        }
        if (inferTimeout.isNegative() || inferTimeout.isZero()) {
            throw new IllegalArgumentException(FailurePolicy.TIMEOUT_VARIABLE + "=" + inferTimeout
                    + " must be a positive duration, e.g. 60s");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("MODELGATEWAY_DRAIN_TIMEOUT=" + drainTimeout + " must not be negative");
        }
        // These check their own variables and say what is expected.
        new Backpressure(maxInFlight, maxInFlightPerPartition);
        failurePolicy(retryMaxAttempts, retryInitialBackoff, retryMaxBackoff, inferTimeout);
        if (maxBatchSize < 1 || maxBatchSize > BATCH_SIZE_LIMIT) {
            throw new IllegalArgumentException(MAX_BATCH_SIZE_VARIABLE + "=" + maxBatchSize + " must be between 1"
                    + " (each request its own call, the default) and " + BATCH_SIZE_LIMIT);
        }
        if (maxConsumers < 1) {
            throw new IllegalArgumentException("MODELGATEWAY_MAX_NUM_CONSUMERS=" + maxConsumers + " must be at least 1");
        }
        replicaId = replicaId == null ? "" : replicaId.trim();
        if (delivery == DeliveryMode.EXACTLY_ONCE && !replicaId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(REPLICA_ID_VARIABLE + "='" + replicaId + "' cannot name this replica in"
                    + " transactional ids: with " + DeliveryMode.VARIABLE + "=exactly-once use letters, digits, '.',"
                    + " '_' and '-' (the pod name, e.g. model-gateway-0)");
        }
    }

    /**
     * The transactional id of the producer that answers for consumer group {@code consumerGroupId} on this replica:
     * unique among live producers (one per group and replica), and the same after a restart, so the new producer
     * fences the old one and aborts the transaction it left open at once, instead of readers waiting for it to time
     * out.
     */
    public String transactionalId(String consumerGroupId) {
        return consumerGroupId + "-" + replicaId;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy(retryMaxAttempts, retryInitialBackoff, retryMaxBackoff, inferTimeout);
    }

    public Backpressure backpressure() {
        return new Backpressure(maxInFlight, maxInFlightPerPartition);
    }

    private static FailurePolicy failurePolicy(int attempts, Duration initial, Duration max, Duration timeout) {
        return new FailurePolicy(attempts, initial, max, timeout);
    }
}
