package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.RecordSize;
import io.seldonmesh.common.kafka.RequestKey;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.api.InferenceMetrics;
import io.seldonmesh.pipelinegateway.core.InferenceFailure.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngressTest {

    private static final Route ROUTE = new Route("seldon.default.model.iris.inputs", "seldon.default.model.iris.outputs",
            2, 4096, "KAFKA_MESSAGE_MAX_BYTES", "seldon.default.model.iris.outputs or seldon.default.errors.errors");

    private final Catalog catalog = new Catalog();
    private final PartitionOwnership ownership = new PartitionOwnership();
    private final PendingRequests pending = new PendingRequests(10);
    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger ids = new AtomicInteger();
    private CompletableFuture<Void> sendOutcome = CompletableFuture.completedFuture(null);
    private Ingress ingress;

    @BeforeEach
    void irisIsAvailable() {
        catalog.markCaughtUp();
        catalog.putModel(Model.parse(Declarations.modelYaml("iris")));
        catalog.putModelStatus(new ModelStatusKey("iris", "a"),
                new ModelStatus(ModelState.AVAILABLE, "1", "s", null, null, null, Instant.now()));
        ownership.hold(List.of(1));
        ingress = new Ingress(catalog, target -> CompletableFuture.completedFuture(ROUTE), ownership, pending,
                record -> {
                    sent.add(record);
                    return sendOutcome;
                },
                new TimeoutPolicy(Duration.ofSeconds(60), Duration.ofSeconds(300)),
                new InferenceMetrics(meters), System::nanoTime, () -> "gen-" + ids.incrementAndGet());
    }

    @Test
    void requestIsWrittenToTheInputsTopicOnAHeldPartitionWithSeldonsKeyAndHeaders() throws Exception {
        CompletableFuture<Reply> reply = ingress.infer(call(Optional.of("abc"), Map.of("x-tenant", "acme")));

        assertThat(sent).hasSize(1);
        ProducerRecord<byte[], byte[]> record = sent.get(0);
        assertThat(record.topic()).isEqualTo(ROUTE.inputsTopic());
        assertThat(record.partition()).isEqualTo(1);
        assertThat(RequestKey.parse(record.key())).isEqualTo(new RequestKey(1, "iris", "abc"));
        assertThat(SeldonHeaders.requestId(record.headers())).contains("abc");
        assertThat(SeldonHeaders.lastValue(record.headers(), SeldonHeaders.PIPELINE)).contains("iris");
        assertThat(SeldonHeaders.lastValue(record.headers(), "x-tenant")).contains("acme");
        assertThat(ModelInferRequest.parseFrom(record.value()).getModelName()).isEqualTo("iris");

        Reply answer = new Reply(ModelInferResponse.newBuilder().setModelName("iris").build(), List.of());
        assertThat(pending.answer("abc", answer)).isTrue();
        assertThat(reply).isCompletedWithValue(answer);
    }

    @Test
    void requestWithoutIdGetsAGeneratedOneInKeyAndHeader() {
        ingress.infer(call(Optional.empty(), Map.of()));
        ProducerRecord<byte[], byte[]> record = sent.get(0);
        assertThat(RequestKey.parse(record.key()).requestId()).isEqualTo("gen-1");
        assertThat(SeldonHeaders.requestId(record.headers())).contains("gen-1");
    }

    @Test
    void callerIdThatCannotBeAKeyPartTravelsOnlyInTheHeader() {
        ingress.infer(call(Optional.of("trace.42"), Map.of()));
        ProducerRecord<byte[], byte[]> record = sent.get(0);
        assertThat(RequestKey.parse(record.key()).requestId()).isEqualTo("gen-1");
        assertThat(SeldonHeaders.requestId(record.headers())).contains("trace.42");
    }

    @Test
    void callerIdAlreadyInFlightDoesNotShareItsAnswer() {
        ingress.infer(call(Optional.of("same"), Map.of()));
        ingress.infer(call(Optional.of("same"), Map.of()));
        assertThat(RequestKey.parse(sent.get(0).key()).requestId()).isEqualTo("same");
        assertThat(RequestKey.parse(sent.get(1).key()).requestId()).isEqualTo("gen-1");
        assertThat(pending.size()).isEqualTo(2);
    }

    @Test
    void undeclaredModelFailsWith404AndNothingIsSent() {
        InferenceFailure failure = failureOf(ingress.infer(new InferenceCall(Target.model("nobody"), request(4),
                Optional.empty(), Map.of(), Optional.empty(), "seldon-timeout")));
        assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(sent).isEmpty();
    }

    @Test
    void requestOverTheLimitFailsWith413NamingBothSizesAndTakesNoSlot() {
        InferenceFailure failure = failureOf(ingress.infer(new InferenceCall(Target.model("iris"), request(2_000),
                Optional.of("big"), Map.of(), Optional.empty(), "seldon-timeout")));
        assertThat(failure.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(failure.getMessage()).startsWith("request 'big' to model 'iris' is 8.0 KiB (8155 bytes)")
                .contains("larger than KAFKA_MESSAGE_MAX_BYTES = 4.0 KiB (4096 bytes)");
        assertThat(sent).isEmpty();
        assertThat(pending.size()).isZero();
    }

    /** The size judged is the producer's own (record batch overhead included), so an accepted request is never refused. */
    @Test
    void everyAcceptedRequestFitsTheLimitAsTheProducerCountsIt() {
        Reply answer = new Reply(ModelInferResponse.getDefaultInstance(), List.of());
        int refused = 0;
        for (int elements = 980; elements <= 1_020; elements++) {
            int before = sent.size();
            CompletableFuture<Reply> reply = ingress.infer(new InferenceCall(Target.model("iris"), request(elements),
                    Optional.empty(), Map.of(), Optional.empty(), "seldon-timeout"));
            if (sent.size() > before) {
                ProducerRecord<byte[], byte[]> record = sent.get(before);
                assertThat((long) RecordSize.of(record)).as("%d elements", elements).isLessThanOrEqualTo(ROUTE.maxRecordBytes());
                pending.answer(RequestKey.parse(record.key()).requestId(), answer);
            } else {
                assertThat(failureOf(reply).reason()).isEqualTo(Reason.TOO_LARGE);
                refused++;
            }
        }
        assertThat(refused).as("the limit lies within the sizes tried").isBetween(1, 40);
    }

    @Test
    void refusedWriteFailsTheRequestAndFreesItsSlot() {
        sendOutcome = CompletableFuture.failedFuture(new IllegalStateException("broker gone"));
        InferenceFailure failure = failureOf(ingress.infer(call(Optional.of("a"), Map.of())));
        assertThat(failure.reason()).isEqualTo(Reason.KAFKA_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("broker gone");
        assertThat(pending.size()).isZero();
    }

    @Test
    void replicaHoldingNoPartitionOfTheTopicIsNotReady() {
        ownership.release(List.of(1));
        InferenceFailure failure = failureOf(ingress.infer(call(Optional.empty(), Map.of())));
        assertThat(failure.reason()).isEqualTo(Reason.NOT_READY);
        assertThat(failure.getMessage()).contains("holds none of the 2 partition(s) of seldon.default.model.iris.outputs");
    }

    @Test
    void everyOutcomeIsCounted() {
        ingress.infer(call(Optional.of("a"), Map.of()));
        pending.answer("a", new Reply(ModelInferResponse.getDefaultInstance(), List.of()));
        ingress.infer(new InferenceCall(Target.model("nobody"), request(4), Optional.empty(), Map.of(),
                Optional.empty(), "seldon-timeout"));

        assertThat(meters.get("seldon.gateway.requests").tags("name", "iris", "outcome", "ok").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("seldon.gateway.requests").tags("name", "(unknown)", "outcome", "not_found").counter()
                .count()).isEqualTo(1);
        assertThat(meters.get("seldon.gateway.request").tags("name", "iris").timer().count()).isEqualTo(1);
    }

    private static InferenceCall call(Optional<String> requestId, Map<String, String> headers) {
        return new InferenceCall(Target.model("iris"), request(4), requestId, headers, Optional.empty(),
                "seldon-timeout");
    }

    private static ModelInferRequest request(int elements) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int i = 0; i < elements; i++) {
            contents.addFp32Contents(i);
        }
        return ModelInferRequest.newBuilder().addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                .setName("x").setDatatype("FP32").addShape(elements).setContents(contents)).build();
    }

    private static InferenceFailure failureOf(CompletableFuture<Reply> reply) {
        assertThat(reply).isCompletedExceptionally();
        try {
            reply.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return (InferenceFailure) e.getCause();
        }
    }
}
