package io.seldonmesh.pipelinegateway.core;

import io.opentelemetry.context.Context;
import io.seldonmesh.common.kafka.RecordSize;
import io.seldonmesh.common.kafka.RequestKey;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.v2.InferenceSummary;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The request path: decides whether a request can go (known, ready, fits, room to wait), writes it
 * to its inputs topic on a partition this replica reads, and hands back the future answer. Every refusal is
 * an {@link InferenceFailure} in the returned future, never a thrown exception.
 */
public final class Ingress {

    /** Longest caller request id used as the correlation id; longer ones travel only in the header. */
    static final int MAX_CORRELATION_ID = 128;

    private final Catalog catalog;
    private final Routes routes;
    private final PartitionOwnership ownership;
    private final PendingRequests pending;
    private final RequestSender sender;
    private final TimeoutPolicy timeouts;
    private final IngressOutcomes metrics;
    private final LongSupplier nanoClock;
    private final Supplier<String> newId;
    private final boolean enabled;

    public Ingress(Catalog catalog, Routes routes, PartitionOwnership ownership, PendingRequests pending,
                   RequestSender sender, TimeoutPolicy timeouts, IngressOutcomes metrics, LongSupplier nanoClock,
                   Supplier<String> newId) {
        this(catalog, routes, ownership, pending, sender, timeouts, metrics, nanoClock, newId, true);
    }

    /** @param enabled false on a replica that runs only the dataflow: every request is refused, saying where to go */
    public Ingress(Catalog catalog, Routes routes, PartitionOwnership ownership, PendingRequests pending,
                   RequestSender sender, TimeoutPolicy timeouts, IngressOutcomes metrics, LongSupplier nanoClock,
                   Supplier<String> newId, boolean enabled) {
        this.enabled = enabled;
        this.catalog = catalog;
        this.routes = routes;
        this.ownership = ownership;
        this.pending = pending;
        this.sender = sender;
        this.timeouts = timeouts;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.newId = newId;
    }

    /** @param call a valid request: REST bodies are validated by the V2 codec, gRPC messages by the service */
    public CompletableFuture<Reply> infer(InferenceCall call) {
        long started = nanoClock.getAsLong();
        CompletableFuture<Reply> reply = attempt(call, started);
        reply.whenComplete((answer, failure) ->
                metrics.requestFinished(call.target(), nanoClock.getAsLong() - started, failure));
        return reply;
    }

    /**
     * Counts a request refused before {@link #infer} (a body that is not V2, an address that cannot be resolved), so
     * that every outcome is counted.
     *
     * @param kind   what the path addressed
     * @param target the resolved target, or null when addressing failed
     */
    public void refused(Target.Kind kind, Target target, Throwable failure) {
        boolean declared = target != null
                && catalog.availability(target).state() != Availability.State.NOT_FOUND;
        metrics.requestFinished(declared ? target : new Target(kind, Target.UNDECLARED), 0, failure);
    }

    private CompletableFuture<Reply> attempt(InferenceCall call, long started) {
        try {
            if (!enabled) {
                throw new InferenceFailure(InferenceFailure.Reason.NOT_READY, "this pipeline-gateway replica runs only"
                        + " the pipeline dataflow (SELDON_GATEWAY_ROLES=dataflow) and serves no inference; send " + call
                        .target() + "'s requests to a replica with the ingress role");
            }
            catalog.availability(call.target()).requireReady();
            RequestTimeout timeout = timeouts.choose(call.requestedTimeout(), call.timeoutSource());
            // the route may be looked up on another thread: the request's record must still continue its trace
            return routes.route(call.target()).thenCompose(Context.current().wrapFunction(
                    route -> send(call, route, timeout, started)));
        } catch (InferenceFailure refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private CompletableFuture<Reply> send(InferenceCall call, Route route, RequestTimeout timeout, long started) {
        Target target = call.target();
        int partition = ownership.choose(route.partitions()).orElseThrow(() -> new InferenceFailure(
                InferenceFailure.Reason.NOT_READY, "this gateway replica holds none of the " + route.partitions()
                + " partition(s) of " + route.outputsTopic() + ", so it could not read the answer to a request to "
                + target + ". There are more gateway replicas than partitions: raise KAFKA_TOPICS_NUM_PARTITIONS"
                + " (and the topics' partitions) or run fewer replicas; another replica can serve this request"));
        String id = correlationId(call.requestId());
        ProducerRecord<byte[], byte[]> record = record(call, route, partition, id);
        requireFits(target, id, record, route);
        PendingRequest request = pending.open(id, requestIdHeader(call, id), target, partition, timeout,
                route.awaiting(), started);
        sender.send(record).whenComplete((sent, error) -> {
            if (error != null) {
                pending.fail(id, asFailure(error, target));
            }
        });
        return request.reply();
    }

    /**
     * The caller's id when it can be a key's last part and is not in flight here; else a fresh one. Two callers
     * reusing an id must not get each other's answers, so a busy id travels only in the header.
     */
    private String correlationId(Optional<String> callerId) {
        return callerId
                .filter(id -> !id.isEmpty() && id.length() <= MAX_CORRELATION_ID && id.indexOf('.') < 0)
                .filter(id -> !pending.isPending(id))
                .orElseGet(newId);
    }

    private static ProducerRecord<byte[], byte[]> record(InferenceCall call, Route route, int partition, String id) {
        Target target = call.target();
        ModelInferRequest request = target.isPipeline() ? call.request()
                : call.request().toBuilder().setModelName(target.name()).build();
        Headers headers = new RecordHeaders();
        call.callerHeaders().forEach((name, value) -> {
            if (SeldonHeaders.isExternal(name)) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
        SeldonHeaders.put(headers, SeldonHeaders.REQUEST_ID, requestIdHeader(call, id));
        SeldonHeaders.put(headers, SeldonHeaders.PIPELINE, target.name());
        return new ProducerRecord<>(route.inputsTopic(), partition, new RequestKey(partition, target.name(), id).toBytes(),
                request.toByteArray(), headers);
    }

    /** The caller's id travels as given, even when it could not be the correlation id. */
    private static String requestIdHeader(InferenceCall call, String id) {
        return call.requestId().filter(r -> !r.isEmpty()).orElse(id);
    }

    private static void requireFits(Target target, String id, ProducerRecord<byte[], byte[]> record, Route route) {
        long size = RecordSize.of(record);
        if (size > route.maxRecordBytes()) {
            InferenceSummary.sizeLimitProblem("request '" + id + "' to " + target, size, route.limitName(),
                    route.maxRecordBytes()).ifPresent(problem -> {
                        throw new InferenceFailure(InferenceFailure.Reason.TOO_LARGE, problem.message()
                                + ": send a smaller batch, or raise the limit (and the topic's max.message.bytes)");
                    });
        }
    }

    static InferenceFailure asFailure(Throwable error, Target target) {
        Throwable cause = InferenceFailure.unwrap(error);
        if (cause instanceof InferenceFailure failure) {
            return failure;
        }
        return new InferenceFailure(InferenceFailure.Reason.KAFKA_UNAVAILABLE, "request to " + target
                + " could not be written to Kafka: " + cause, cause);
    }
}
