package io.seldonmesh.pipelinegateway.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.testkit.OtlpCollector;
import io.seldonmesh.testkit.OtlpCollector.CollectedSpan;
import io.seldonmesh.testkit.OtlpCollector.Kind;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracing across the Kafka hops, for real: pipeline-gateway, model-gateway and model-server packaged and run with
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} pointing at a collector in this JVM. A caller's {@code traceparent} must come
 * back as one connected trace: the ingress request, its request record, each dataflow step, each model-gateway hop and
 * its model server call, the model server's own span, and the answer's arrival.
 */
class TracingIT {

    private static final String REQUEST = "{\"inputs\":[{\"name\":\"INPUT\",\"data\":[1,2,3,4],\"datatype\":\"FP32\","
            + "\"shape\":[4]}]}";

    private static OtlpCollector collector;
    private static DataflowStack stack;

    @BeforeAll
    static void start() throws Exception {
        collector = OtlpCollector.start();
        Map<String, String> tracing = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                // export within a moment instead of Quarkus' 5 s batches
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms");
        stack = new DataflowStack().startModels(tracing);
        stack.startGateway("ingress,dataflow", tracing);
        stack.models("identity", "add10");
        stack.pipeline("traced", Declarations.chainYaml("traced", "identity", "add10"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void aPipelineRequestOverRestIsOneConnectedTraceAcrossEveryServiceContinuingTheCallers() throws Exception {
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);

        HttpResponse<String> answer = stack.infer(stack.gateway(), "traced", REQUEST,
                Map.of("seldon-timeout", "20s", "traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("11", "14");

        assertOneConnectedTrace(traceId, callerSpan);
    }

    @Test
    void aPipelineRequestOverGrpcIsOneConnectedTraceToo() throws Exception {
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);

        ModelInferResponse answer = stack.inferGrpc("traced", V2Json.parseRequest(REQUEST).toBuilder()
                .setModelName("traced").build(), Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
        assertThat(answer.getOutputsCount()).isEqualTo(1);

        assertOneConnectedTrace(traceId, callerSpan);
    }

    /**
     * The ingress span continues the caller's; every other span's parent is in the trace; each of the two steps is a
     * model-gateway hop with one model server call whose server span is its child; the dataflow's steps are spans.
     */
    private static void assertOneConnectedTrace(String traceId, String callerSpan) throws InterruptedException {
        // each service exports in its own batches: wait until every span has come, not only the last hop's
        List<CollectedSpan> trace = awaitTrace(traceId, spans -> count(spans, "model-server", Kind.SERVER) >= 2
                && count(spans, "model-gateway", Kind.CONSUMER) >= 2 && count(spans, "model-gateway", Kind.CLIENT) >= 2
                && count(spans, "pipeline-gateway", Kind.SERVER) >= 1
                && spans.stream().anyMatch(span -> span.kind() == Kind.CONSUMER && span.name().contains(".pipeline.")
                        && span.name().contains("outputs") && span.service().equals("pipeline-gateway")));
        System.out.println("trace " + traceId + ":" + describe(trace));

        assertThat(collector.problems()).isEmpty();
        assertThat(trace.stream().map(CollectedSpan::service).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("pipeline-gateway", "model-gateway", "model-server");
        CollectedSpan ingress = only(trace, span -> span.kind() == Kind.SERVER
                && span.service().equals("pipeline-gateway"));
        assertThat(ingress.parentSpanId()).as("the ingress continues the caller's span").isEqualTo(callerSpan);
        Set<String> ids = trace.stream().map(CollectedSpan::spanId).collect(Collectors.toSet());
        assertThat(trace).allSatisfy(span -> assertThat(span.parentSpanId().equals(callerSpan)
                || ids.contains(span.parentSpanId())).as("%s has its parent in the trace", span).isTrue());
        assertThat(count(trace, "model-gateway", Kind.CONSUMER)).as(describe(trace)).isEqualTo(2);
        assertThat(count(trace, "model-gateway", Kind.CLIENT)).as(describe(trace)).isEqualTo(2);
        for (CollectedSpan server : trace.stream().filter(span -> span.service().equals("model-server")).toList()) {
            assertThat(parentOf(trace, server).kind()).as("model-server's span is a model-gateway call's child")
                    .isEqualTo(Kind.CLIENT);
            assertThat(parentOf(trace, parentOf(trace, server)).attributes()).containsKey("seldon.model");
        }
        assertThat(trace).as(describe(trace)).anySatisfy(step -> {
            assertThat(step.service()).isEqualTo("pipeline-gateway");
            assertThat(step.kind()).isEqualTo(Kind.CONSUMER);
            assertThat(step.attributes()).containsEntry("seldon.pipeline", "traced");
        });
    }

    @Test
    void withoutACallersTraceTheIngressStartsOne() throws Exception {
        HttpResponse<String> answer = stack.infer(stack.gateway(), "traced", REQUEST, Map.of("seldon-timeout", "20s",
                "x-request-id", "untraced-caller"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        List<CollectedSpan> spans = collector.awaitSpans(Duration.ofSeconds(20), all -> all.stream().anyMatch(span ->
                "untraced-caller".equals(span.attributes().get("seldon.request_id"))
                        && span.service().equals("model-gateway")));
        CollectedSpan hop = spans.stream().filter(span -> "untraced-caller".equals(span.attributes()
                .get("seldon.request_id"))).findFirst().orElseThrow(() -> new AssertionError(describe(spans)));
        // the ingress span ends last (with the answer) and may come in a later batch
        List<CollectedSpan> trace = awaitTrace(hop.traceId(),
                collected -> collected.stream().anyMatch(span -> span.parentSpanId().isEmpty()));
        assertThat(trace.stream().filter(span -> span.parentSpanId().isEmpty()).toList()).as(describe(trace))
                .singleElement().satisfies(root -> assertThat(root.service()).isEqualTo("pipeline-gateway"));
    }

    private static List<CollectedSpan> awaitTrace(String traceId,
                                                  Predicate<List<CollectedSpan>> complete)
            throws InterruptedException {
        collector.awaitSpans(Duration.ofSeconds(20), all -> complete.test(collector.trace(traceId)));
        List<CollectedSpan> trace = collector.trace(traceId);
        assertThat(complete.test(trace)).as("the trace within 20 s: %s\nevery span collected (trace id, span):%s",
                describe(trace), collector.spans().stream().map(span -> span.traceId() + " " + describe(List.of(span)))
                        .collect(Collectors.joining())).isTrue();
        return trace;
    }

    private static long count(List<CollectedSpan> spans, String service, Kind kind) {
        return spans.stream().filter(span -> span.service().equals(service) && span.kind() == kind).count();
    }

    private static CollectedSpan only(List<CollectedSpan> spans, Predicate<CollectedSpan> which) {
        List<CollectedSpan> found = spans.stream().filter(which).toList();
        assertThat(found).as(describe(spans)).hasSize(1);
        return found.get(0);
    }

    private static CollectedSpan parentOf(List<CollectedSpan> trace, CollectedSpan span) {
        return trace.stream().filter(candidate -> candidate.spanId().equals(span.parentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("no parent of " + span + " in " + describe(trace)));
    }

    private static String describe(List<CollectedSpan> spans) {
        return spans.stream().map(span -> span.service() + " " + span.kind() + " '" + span.name() + "' "
                + span.spanId() + "<-" + span.parentSpanId()).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C trace context forbids
        return HexFormat.of().formatHex(random);
    }
}
