package io.seldonmesh.modelgateway.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seldonmesh.modelgateway.core.CallFailure;
import io.seldonmesh.modelgateway.core.CallResult;
import io.seldonmesh.runtime.SeldonInferenceMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's Prometheus metrics, per model: requests consumed, answered with an output, answered with an error
 * record (by status), retried; time from consuming a request to its answer being on Kafka (acknowledged by the broker,
 * or in a committed transaction in exactly-once mode); requests in flight; consumer lag. In exactly-once mode also,
 * per consumer group, transactions committed and aborted. Meters are created once and cached, so the per-record cost
 * is an increment. Every call to the model server is also recorded under Seldon's agent metric names
 * ({@link SeldonInferenceMetrics#models}), for Seldon's dashboards.
 */
public final class GatewayMetrics {

    private final MeterRegistry registry;
    private final SeldonInferenceMetrics seldon;
    private final boolean grpc;
    private final Map<String, ModelMeters> models = new ConcurrentHashMap<>();

    /** @param grpc whether the model server is called over gRPC (else REST): Seldon's {@code method_type} */
    public GatewayMetrics(MeterRegistry registry, boolean grpc) {
        this.registry = registry;
        this.seldon = SeldonInferenceMetrics.models(registry);
        this.grpc = grpc;
    }

    public ModelMeters model(String model) {
        return models.computeIfAbsent(model, name -> new ModelMeters(registry, name, this));
    }

    /** Seldon's {@code code}: the HTTP status or gRPC code of the answer, or how the call failed without one. */
    private String code(CallResult result) {
        if (result instanceof CallFailure failure) {
            return failure.status();
        }
        if (result == null) {
            return "ERROR";
        }
        return grpc ? "OK" : "200";
    }

    /** The transaction meters of one consumer group (exactly-once mode); one caller per group. */
    public TransactionMeters transactions(String group) {
        return new TransactionMeters(registry, group);
    }

    /** The transactions of one consumer's producer. */
    public static final class TransactionMeters {

        private final Counter committed;
        private final Counter aborted;

        TransactionMeters(MeterRegistry registry, String group) {
            this.committed = Counter.builder("model_gateway_transactions_committed").tag("group", group)
                    .description("Transactions committed: answers and the input offsets past them, made visible together")
                    .register(registry);
            this.aborted = Counter.builder("model_gateway_transactions_aborted").tag("group", group)
                    .description("Transactions aborted after a failure; their requests are read and answered again")
                    .register(registry);
        }

        public void committed() {
            committed.increment();
        }

        public void aborted() {
            aborted.increment();
        }
    }

    /** The meters of one model. */
    public static final class ModelMeters {

        private final MeterRegistry registry;
        private final String model;
        private final GatewayMetrics gateway;
        private final Counter consumed;
        private final Counter succeeded;
        private final Counter retried;
        private final Timer latency;
        private final Timer modelCall;
        private final DistributionSummary batchSize;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong lag = new AtomicLong();
        private final Map<String, Counter> failed = new ConcurrentHashMap<>();

        ModelMeters(MeterRegistry registry, String model, GatewayMetrics gateway) {
            this.registry = registry;
            this.model = model;
            this.gateway = gateway;
            this.consumed = Counter.builder("model_gateway_requests_consumed").tag("model", model)
                    .description("Requests read from the model's input topic").register(registry);
            this.succeeded = Counter.builder("model_gateway_requests_succeeded").tag("model", model)
                    .description("Requests answered with an output record on Kafka").register(registry);
            this.retried = Counter.builder("model_gateway_requests_retried").tag("model", model)
                    .description("Calls to the model server repeated after a transient failure").register(registry);
            this.latency = Timer.builder("model_gateway_request_duration").tag("model", model)
                    .description("From consuming a request to its output or error record being on Kafka")
                    .publishPercentileHistogram()
                    .register(registry);
            this.modelCall = Timer.builder("model_gateway_model_call_duration").tag("model", model)
                    .description("One call to the model server, from sending the request to its result (an answer,"
                            + " an error or a timeout); the rest of model_gateway_request_duration is Kafka and the"
                            + " gateway")
                    .publishPercentileHistogram()
                    .register(registry);
            this.batchSize = DistributionSummary.builder("model_gateway_batch_size").tag("model", model)
                    .description("Requests per model server call, for calls that carried a batch (MODELGATEWAY_MAX_BATCH_SIZE)")
                    .register(registry);
            Gauge.builder("model_gateway_requests_in_flight", inFlight, AtomicInteger::get).tag("model", model)
                    .description("Requests consumed and not yet answered on Kafka").register(registry);
            Gauge.builder("model_gateway_consumer_lag", lag, AtomicLong::get).tag("model", model)
                    .description("Records on the model's input partitions assigned here that are not consumed yet")
                    .register(registry);
        }

        public void consumed() {
            consumed.increment();
            inFlight.incrementAndGet();
        }

        public void succeeded(long startNanos) {
            succeeded.increment();
            answered(startNanos);
        }

        public void failed(String status, long startNanos) {
            failed.computeIfAbsent(status, s -> Counter.builder("model_gateway_requests_failed")
                    .tag("model", model).tag("status", s)
                    .description("Requests answered with an error record, by status").register(registry)).increment();
            answered(startNanos);
        }

        public void retried() {
            retried.increment();
        }

        /**
         * @param server the model server called
         * @param result how the call ended, null when it failed unexpectedly
         */
        public void called(String server, long startNanos, CallResult result) {
            long elapsed = System.nanoTime() - startNanos;
            modelCall.record(elapsed, TimeUnit.NANOSECONDS);
            gateway.seldon.modelCall(server, model, gateway.grpc ? SeldonInferenceMetrics.GRPC : SeldonInferenceMetrics.REST,
                    gateway.code(result), elapsed);
        }

        public void batched(int requests) {
            batchSize.record(requests);
        }

        /** A request of a partition that moved away before it was answered: it is no longer ours. */
        public void abandoned() {
            inFlight.decrementAndGet();
        }

        public void lag(long records) {
            lag.set(records);
        }

        private void answered(long startNanos) {
            inFlight.decrementAndGet();
            latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }
}
