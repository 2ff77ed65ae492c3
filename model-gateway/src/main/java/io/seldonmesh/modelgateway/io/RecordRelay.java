package io.seldonmesh.modelgateway.io;

import io.opentelemetry.api.trace.Span;
import io.seldonmesh.common.kafka.KafkaTracing;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.kafka.TopicAddress;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.runtime.RequestLogContext;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.modelgateway.api.GatewayMetrics;
import io.seldonmesh.modelgateway.core.CallFailure;
import io.seldonmesh.modelgateway.core.CallResult;
import io.seldonmesh.modelgateway.core.FailurePolicy;
import io.seldonmesh.modelgateway.core.FailurePolicy.Attempt;
import io.seldonmesh.modelgateway.core.FailurePolicy.Fail;
import io.seldonmesh.modelgateway.core.FailurePolicy.Outcome;
import io.seldonmesh.modelgateway.core.FailurePolicy.Output;
import io.seldonmesh.modelgateway.core.FailurePolicy.Retry;
import io.seldonmesh.modelgateway.core.GatewaySettings;
import io.seldonmesh.modelgateway.core.ModelInput;
import io.seldonmesh.modelgateway.core.ModelReply;
import io.seldonmesh.modelgateway.core.ModelRoute;
import io.seldonmesh.modelgateway.core.OutputRecords;
import io.seldonmesh.modelgateway.core.PartitionLane;
import io.seldonmesh.modelgateway.core.Rejection;
import io.seldonmesh.common.v2.RequestBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Takes one consumed request from its input record to its answer on Kafka: decode, call the model server (again
 * after a pause when {@link FailurePolicy} says so), build the output or error record, and release it through the
 * partition's lane so answers leave in input order. Nothing here blocks the calling thread. Each record is a span of
 * the trace its headers carry; each model server call a child span passed on to the server; the answer carries the
 * record's span to its reader.
 */
final class RecordRelay {

    private static final Logger LOG = Logger.getLogger(RecordRelay.class);
    private static final Duration CLIENT_GRACE = Duration.ofSeconds(5);

    private final TopicNames topics;
    private final RouteTable routes;
    private final ModelClient client;
    private final FailurePolicy policy;
    private final OutputRecords outputs;
    private final ScheduledExecutorService timer;
    private final GatewayMetrics metrics;
    private final Map<String, String> modelOfTopic = new ConcurrentHashMap<>();
    private final int maxBatchSize;
    private final Set<String> warnedUnbatchable = ConcurrentHashMap.newKeySet();
    private final KafkaTracing tracing;

    RecordRelay(TopicNames topics, RouteTable routes, ModelClient client, FailurePolicy policy, OutputRecords outputs,
                ScheduledExecutorService timer, GatewayMetrics metrics, int maxBatchSize, KafkaTracing tracing) {
        this.tracing = tracing;
        this.topics = topics;
        this.routes = routes;
        this.client = client;
        this.policy = policy;
        this.outputs = outputs;
        this.timer = timer;
        this.metrics = metrics;
        this.maxBatchSize = maxBatchSize;
    }

    /** A record just admitted to its partition's lane. */
    record Admitted(ConsumerRecord<byte[], byte[]> record, PartitionLane<Answer> lane) {
    }

    /**
     * Starts relaying records admitted together (one poll); their answers leave through {@code outlet}. With
     * batching on, the requests of one model that stack ({@link RequestBatch#stackable}) go to the model server as
     * one call of up to {@code maxBatchSize}.
     */
    void relay(List<Admitted> admitted, Outlet outlet) {
        if (maxBatchSize == 1) {
            admitted.forEach(a -> prepare(a.record(), a.lane(), outlet).ifPresent(this::callAlone));
            return;
        }
        Map<String, List<Prepared>> byModel = new LinkedHashMap<>();
        for (Admitted a : admitted) {
            prepare(a.record(), a.lane(), outlet).ifPresent(prepared ->
                    byModel.computeIfAbsent(prepared.request().model(), m -> new ArrayList<>()).add(prepared));
        }
        byModel.values().forEach(this::callInBatches);
    }

    /** One consumed record on its way through. */
    private record Request(ConsumerRecord<byte[], byte[]> record, PartitionLane<Answer> lane, Outlet outlet,
                           String model, long startNanos, Span span) {
    }

    /** A record decoded and routed, ready for the model server. */
    private record Prepared(Request request, ModelInput input, List<Map.Entry<String, String>> headers,
                            ModelRoute route) {
    }

    /** Decodes and routes a record; a record that cannot be called is answered with its error record here. */
    private Optional<Prepared> prepare(ConsumerRecord<byte[], byte[]> record, PartitionLane<Answer> lane,
                                       Outlet outlet) {
        long start = System.nanoTime();
        String model = model(record.topic());
        metrics.model(model).consumed();
        Span span = tracing.process(record.topic(), record.headers()).setAttribute(KafkaTracing.MODEL, model);
        Request request = new Request(record, lane, outlet, model, start, span);
        ModelInput input;
        try {
            input = ModelInput.decode(model, record.key(), record.headers(), record.value());
        } catch (V2ValidationException e) {
            reject(request, ModelInput.requestId(record.key(), record.headers()), new Rejection(Rejection.INVALID_INPUT,
                    "request at " + record.topic() + "-" + record.partition() + " offset " + record.offset()
                            + " cannot be sent to the model: " + e.getMessage(),
                    "fix the application that writes to " + record.topic() + "; this record is skipped"));
            return Optional.empty();
        }
        span.setAttribute(KafkaTracing.REQUEST_ID, input.requestId());
        ModelRoute route = routes.route(model);
        if (route == null) {
            reject(request, input.requestId(), new Rejection("NOT_SERVED", "model '" + model
                    + "' has no Available replica known to this gateway", "check the model's status"));
            return Optional.empty();
        }
        return Optional.of(new Prepared(request, input, headersFor(record, input), route));
    }

    private void callAlone(Prepared prepared) {
        call(prepared.request(), prepared.input(), prepared.headers(), prepared.route(),
                new Attempt(prepared.request().model(), prepared.input().requestId(), prepared.route().nextServer(), 1));
    }

    /** Consecutive requests that stack form a batch; one that does not starts the next. */
    private void callInBatches(List<Prepared> requests) {
        List<Prepared> batch = new ArrayList<>();
        for (Prepared next : requests) {
            boolean stacks = RequestBatch.rows(next.input().request()).isPresent();
            if (!batch.isEmpty() && (!stacks || batch.size() == maxBatchSize
                    || !RequestBatch.stackable(batch.get(0).input().request(), next.input().request()))) {
                callBatch(batch);
                batch = new ArrayList<>();
            }
            if (stacks) {
                batch.add(next);
            } else {
                callAlone(next);
            }
        }
        if (!batch.isEmpty()) {
            callBatch(batch);
        }
    }

    private void callBatch(List<Prepared> members) {
        if (members.size() == 1) {
            callAlone(members.get(0));
            return;
        }
        RequestBatch batch = RequestBatch.of(members.stream().map(member -> member.input().request()).toList());
        Prepared first = members.get(0);
        String model = first.request().model();
        String described = "batch of " + members.size() + " (first " + first.input().requestId() + ")";
        callBatch(members, batch, batch.merged(), List.of(Map.entry(SeldonHeaders.MODEL, model)), first.route(),
                new Attempt(model, described, first.route().nextServer(), 1));
    }

    /** The call's own span, under {@code parent}, and the headers that carry it to the model server. */
    private record TracedCall(Span span, List<Map.Entry<String, String>> headers) {
    }

    private TracedCall traced(Span parent, String model, List<Map.Entry<String, String>> headers) {
        if (!tracing.enabled()) {
            return new TracedCall(Span.getInvalid(), headers);
        }
        List<Map.Entry<String, String>> carrying = new ArrayList<>(headers);
        return new TracedCall(tracing.call(parent, "infer " + model, carrying), carrying);
    }

    private void callBatch(List<Prepared> members, RequestBatch batch, ModelInferRequest merged,
                           List<Map.Entry<String, String>> headers, ModelRoute route, Attempt attempt) {
        TracedCall traced = traced(members.get(0).request().span(), attempt.model(), headers);
        guarded(attempt, traced, () -> client.infer(attempt.server(), merged, traced.headers()))
                .thenAccept(result -> judgedBatch(members, batch, merged, headers, route, attempt, result))
                .exceptionally(bug -> {
                    LOG.errorf(bug, "model=%s %s: unexpected failure relaying the batch", attempt.model(),
                            attempt.requestId());
                    members.forEach(member -> reject(member.request(), member.input().requestId(),
                            new Rejection("INTERNAL", "the model gateway failed: " + bug,
                                    "report this with the gateway's log")));
                    return null;
                });
    }

    private void judgedBatch(List<Prepared> members, RequestBatch batch, ModelInferRequest merged,
                             List<Map.Entry<String, String>> headers, ModelRoute route, Attempt attempt,
                             CallResult result) {
        String model = attempt.model();
        Outcome outcome = policy.judge(attempt, result);
        if (outcome instanceof Output output) {
            RequestBatch.Split split = batch.split(output.reply().response());
            if (!split.succeeded()) {
                if (warnedUnbatchable.add(model)) {
                    LOG.warnf("model=%s: its response to a %s cannot be cut into one per request (%s); sending these"
                            + " one by one. Set %s=1 unless every model's first dimension is its batch", model,
                            attempt.requestId(), split.problem(), GatewaySettings.MAX_BATCH_SIZE_VARIABLE);
                }
                members.forEach(this::callAlone);
                return;
            }
            metrics.model(model).batched(members.size());
            // The reply's request id would be the batch's; each output keeps its own request's headers.
            List<Map.Entry<String, String>> replyHeaders = output.reply().headers().stream()
                    .filter(header -> !header.getKey().equals(SeldonHeaders.REQUEST_ID)).toList();
            for (int i = 0; i < members.size(); i++) {
                Prepared member = members.get(i);
                deliver(member.request(), member.input(), new ModelReply(split.responses().get(i), replyHeaders));
            }
        } else if (outcome instanceof Retry retry) {
            if (members.stream().allMatch(member -> member.request().lane().isClosed())) {
                return;
            }
            metrics.model(model).retried();
            LOG.debugf("model=%s %s: attempt %d failed (%s), retrying in %d ms", model, attempt.requestId(),
                    attempt.number(), result, retry.after().toMillis());
            ModelRoute current = Optional.ofNullable(routes.route(model)).orElse(route);
            timer.schedule(() -> callBatch(members, batch, merged, headers, current,
                    attempt.next(current.nextServer())), retry.after().toMillis(), TimeUnit.MILLISECONDS);
        } else if (attempt.number() == 1) {
            // Refused at once (4xx, not V2): perhaps for one request's sake; each alone gets its own answer.
            members.forEach(this::callAlone);
        } else {
            Rejection rejection = ((Fail) outcome).rejection();
            members.forEach(member -> reject(member.request(), member.input().requestId(), rejection));
        }
    }

    private void call(Request request, ModelInput input, List<Map.Entry<String, String>> headers, ModelRoute route,
                      Attempt attempt) {
        TracedCall traced = traced(request.span(), request.model(), headers);
        guarded(attempt, traced, () -> client.infer(attempt.server(), input.request(), traced.headers()))
                .thenAccept(result -> judged(request, input, headers, route, attempt, result))
                .exceptionally(bug -> {
                    LOG.errorf(bug, "model=%s request=%s: unexpected failure relaying the request", request.model(),
                            input.requestId());
                    reject(request, input.requestId(), new Rejection("INTERNAL", "the model gateway failed: " + bug,
                            "report this with the gateway's log"));
                    return null;
                });
    }

    /**
     * Makes the call: its result, or a timeout if the client has none a while after its own timeout (the clients time
     * out themselves, but a result that never comes would hold the partition, as answers leave in order, for good).
     * Its duration goes to the model call metric.
     */
    private CompletableFuture<CallResult> guarded(Attempt attempt, TracedCall traced,
                                                  Supplier<CompletableFuture<CallResult>> call) {
        long start = System.nanoTime();
        long limit = policy.timeout().plus(CLIENT_GRACE).toMillis();
        return call.get().completeOnTimeout(CallFailure.timeout("no result from the model client within " + limit
                + " ms for a call to " + attempt.server()), limit, TimeUnit.MILLISECONDS)
                .whenComplete((result, error) -> {
                    metrics.model(attempt.model()).called(attempt.server(), start, result);
                    KafkaTracing.end(traced.span(), result instanceof CallFailure failure ? failure.kind() + ": "
                            + failure.message() : error == null ? null : String.valueOf(error));
                });
    }

    private void judged(Request request, ModelInput input, List<Map.Entry<String, String>> headers, ModelRoute route,
                        Attempt attempt, CallResult result) {
        Outcome outcome = policy.judge(attempt, result);
        if (outcome instanceof Output output) {
            deliver(request, input, output.reply());
        } else if (outcome instanceof Retry retry) {
            if (request.lane().isClosed()) {
                return;
            }
            metrics.model(request.model()).retried();
            if (LOG.isDebugEnabled()) {
                try (RequestLogContext ignored = RequestLogContext.of(request.span(), request.model(), null,
                        input.requestId())) {
                    LOG.debugf("model=%s request=%s: attempt %d failed (%s), retrying in %d ms", request.model(),
                            input.requestId(), attempt.number(), result, retry.after().toMillis());
                }
            }
            ModelRoute current = Optional.ofNullable(routes.route(request.model())).orElse(route);
            timer.schedule(() -> call(request, input, headers, current, attempt.next(current.nextServer())),
                    retry.after().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            reject(request, input.requestId(), ((Fail) outcome).rejection());
        }
    }

    private void deliver(Request request, ModelInput input, ModelReply reply) {
        ConsumerRecord<byte[], byte[]> record = request.record();
        ProducerRecord<byte[], byte[]> output;
        try {
            output = outputs.output(input, record, reply,
                    request.outlet().partition(outputs.outputsTopic(request.model()), record.partition()));
        } catch (V2ValidationException e) {
            reject(request, input.requestId(), new Rejection("BAD_RESPONSE", "the model's response cannot be written"
                    + " as V2 JSON: " + e.getMessage(), "check the model's outputs"));
            return;
        }
        Optional<Rejection> tooLarge = outputs.tooLarge(output, request.model(), input.requestId());
        if (tooLarge.isPresent()) {
            reject(request, input.requestId(), tooLarge.get());
            return;
        }
        complete(request, new Answer(request.lane(), record, request.model(), input.requestId(), output, null, false,
                request.startNanos()));
    }

    private void reject(Request request, String requestId, Rejection rejection) {
        ConsumerRecord<byte[], byte[]> record = request.record();
        try (RequestLogContext ignored = RequestLogContext.of(request.span(), request.model(), null, requestId)) {
            LOG.warnf("model=%s request=%s: answered with an error record (%s): %s", request.model(), requestId,
                    rejection.status(), rejection.message());
        }
        ProducerRecord<byte[], byte[]> error = outputs.error(request.model(), requestId, record, rejection,
                request.outlet().partition(outputs.errorsTopic(), record.partition()));
        complete(request, new Answer(request.lane(), record, request.model(), requestId, error, rejection, false,
                request.startNanos()));
    }

    private void complete(Request request, Answer answer) {
        tracing.carry(request.span(), answer.record().headers());
        KafkaTracing.end(request.span(), answer.rejection() == null ? null
                : answer.rejection().status() + ": " + answer.rejection().message());
        request.lane().complete(request.record().offset(), answer, request.outlet()::send);
    }

    /**
     * The request's {@code x-*} headers, its id, and the model for a Seldon mesh in front of the servers. Kafka
     * header values are bytes; only those that are legal HTTP/gRPC header text go to the model server (all of them
     * still travel on to the output record).
     */
    private static List<Map.Entry<String, String>> headersFor(ConsumerRecord<byte[], byte[]> record, ModelInput input) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        boolean hasId = false;
        for (Header header : record.headers()) {
            String name = header.key().toLowerCase(Locale.ROOT);
            if (SeldonHeaders.isExternal(name) && isHeaderText(header.value())) {
                headers.add(Map.entry(name, new String(header.value(), StandardCharsets.UTF_8)));
                hasId |= name.equals(SeldonHeaders.REQUEST_ID);
            }
        }
        if (!hasId && input.requestId() != null) {
            headers.add(Map.entry(SeldonHeaders.REQUEST_ID, input.requestId()));
        }
        headers.add(Map.entry(SeldonHeaders.MODEL, input.model()));
        return headers;
    }

    private static boolean isHeaderText(byte[] value) {
        if (value == null) {
            return false;
        }
        for (byte b : value) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private String model(String topic) {
        return modelOfTopic.computeIfAbsent(topic, t -> topics.parse(t).map(TopicAddress::name)
                .orElseThrow(() -> new IllegalStateException("consumed from " + t + ", which is not a model input topic"
                        + " of " + topics)));
    }
}
