package io.seldonmesh.modelgateway.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's own settings, checked together at start-up so a wrong one stops the service with a line naming its
 * variable. Kafka's settings are common's {@code SeldonKafkaSettings}.
 *
 * @param fixedServer  one model server address for every model ({@code MODEL_SERVER_URL}), else each model's status
 *                     endpoints are used
 * @param maxBatchSize requests of one model consumed together that may go to the model server as one call
 *                     ({@link io.seldonmesh.modelgateway.core.RequestBatch}); 1 sends each request on its own
 */
public record GatewaySettings(ModelServerProtocol protocol, Optional<String> fixedServer, int maxConsumers,
                              int maxInFlight, int maxInFlightPerPartition, Duration inferTimeout,
                              int retryMaxAttempts, Duration retryInitialBackoff, Duration retryMaxBackoff,
                              Duration drainTimeout, int maxBatchSize) {

    public static final String MODEL_SERVER_URL_VARIABLE = "MODEL_SERVER_URL";
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
