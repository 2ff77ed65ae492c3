package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.pipelinegateway.api.InferenceMetrics;
import io.seldonmesh.common.kafka.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimeoutDiagnosisTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long WALL_NOW = 1_700_000_000_000L;
    private static final RequestTimeout TWO_SECONDS = new RequestTimeout(Duration.ofSeconds(2), "seldon-timeout=2s");

    private final Catalog catalog = new Catalog();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<StepLookup> lookups = new CopyOnWriteArrayList<>();
    private CompletableFuture<StepSightings> scan = new CompletableFuture<>();
    private final PendingRequests table = new PendingRequests(10, diagnosis(Duration.ofMillis(300)));

    @Test
    void modelTimeoutFailsAtOnceWithoutLookingBack() {
        PendingRequest request = table.open("m1", "m1", Target.model("iris"), 0, TWO_SECONDS, "t", 0);

        table.expire(2 * SECOND);

        assertThat(failureOf(request).getMessage()).startsWith("model 'iris' did not answer request 'm1'");
        assertThat(lookups).isEmpty();
    }

    @Test
    void pipelineWhoseSpecIsUnknownFailsAtOnceWithTheMessageNamingOnlyThePipeline() {
        PendingRequest request = table.open("r1", "r1", Target.pipeline("p"), 0, TWO_SECONDS, "t", 0);

        table.expire(2 * SECOND);

        assertThat(failureOf(request).getMessage()).isEqualTo(request.timedOut().getMessage());
        assertThat(lookups).isEmpty();
    }

    @Test
    void pipelineTimeoutLooksForTheRequestsHeaderIdSinceItWasSentAndNamesTheSteps() {
        catalog.putPipeline(StepReportTest.twoSteps());
        PendingRequest request = table.open("corr-1", "caller.id", Target.pipeline("p"), 0, TWO_SECONDS, "t",
                SECOND);

        table.expire(3 * SECOND);
        assertThat(request.reply()).isNotDone();
        scan.complete(new StepSightings(Set.of(topic("tokenizer")), Set.of(), Set.of(), Optional.empty()));

        assertThat(failureOf(request).getMessage())
                .startsWith("pipeline 'p' did not answer request 'corr-1' within 2 s (seldon-timeout=2s): step"
                        + " 'tokenizer' (model tokenizer) answered; step 'classifier' (model classifier) has no answer");
        StepLookup lookup = lookups.get(0);
        assertThat(lookup.requestId()).isEqualTo("caller.id");
        assertThat(lookup.sentAtMillis()).isEqualTo(WALL_NOW - 2_000);
        assertThat(lookup.answerByNanos()).isEqualTo(3 * SECOND + Duration.ofMillis(300).toNanos());
        assertThat(meters.get("seldon.gateway.step.scans").tag("outcome", "complete").counter().count()).isOne();
    }

    @Test
    void lookBackThatDoesNotFinishInTimeGivesStepsUnknownWhenItsTimeIsUp() {
        catalog.putPipeline(StepReportTest.twoSteps());
        PendingRequest request = table.open("r1", "r1", Target.pipeline("p"), 0, TWO_SECONDS, "t", 0);

        long started = System.nanoTime();
        table.expire(2 * SECOND);
        InferenceFailure failure = failureOf(request);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(waited).isBetween(Duration.ofMillis(250), Duration.ofSeconds(1));
        assertThat(failure.reason()).isEqualTo(InferenceFailure.Reason.TIMEOUT);
        assertThat(failure.getMessage()).contains("pipeline 'p' did not answer request 'r1'")
                .contains("steps unknown: the look-back at the steps' outputs topics did not finish within 300 ms"
                        + " (SELDON_GATEWAY_STEP_SCAN_TIME)");
        assertThat(meters.get("seldon.gateway.step.scans").tag("outcome", "late").counter().count()).isOne();
    }

    @Test
    void lookBackThatFailsGivesStepsUnknownWithWhy() {
        catalog.putPipeline(StepReportTest.twoSteps());
        PendingRequest request = table.open("r1", "r1", Target.pipeline("p"), 0, TWO_SECONDS, "t", 0);
        scan.completeExceptionally(new IllegalStateException("broker gone"));

        table.expire(2 * SECOND);

        assertThat(failureOf(request).getMessage())
                .contains("steps unknown: the steps' outputs topics could not be read (broker gone)");
    }

    @Test
    void lookBackTurnedOffKeepsTheMessageNamingOnlyThePipeline() {
        catalog.putPipeline(StepReportTest.twoSteps());
        PendingRequests off = new PendingRequests(10, new TimeoutDiagnosis(catalog, StepReportTest.TOPICS,
                this::record, StepScanLimits.OFF, Runnable::run, () -> WALL_NOW, () -> 0L, new InferenceMetrics(meters)));
        PendingRequest request = off.open("r1", "r1", Target.pipeline("p"), 0, TWO_SECONDS, "t", 0);

        off.expire(2 * SECOND);

        assertThat(failureOf(request).getMessage()).isEqualTo(request.timedOut().getMessage());
        assertThat(lookups).isEmpty();
    }

    private TimeoutDiagnosis diagnosis(Duration time) {
        return new TimeoutDiagnosis(catalog, StepReportTest.TOPICS, this::record, new StepScanLimits(100, time),
                Runnable::run, () -> WALL_NOW, () -> 3 * SECOND, new InferenceMetrics(meters));
    }

    private CompletableFuture<StepSightings> record(StepLookup lookup) {
        lookups.add(lookup);
        return scan;
    }

    private static String topic(String model) {
        return TopicNames.of("seldon", "ns").modelOutputs(model);
    }

    private static InferenceFailure failureOf(PendingRequest request) {
        try {
            request.reply().get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (java.util.concurrent.ExecutionException e) {
            return (InferenceFailure) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no answer within 5 s", e);
        }
    }
}
