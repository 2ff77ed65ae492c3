package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.pipelinegateway.Declarations;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepReportTest {

    static final TopicNames TOPICS = TopicNames.of("seldon", "ns");
    static final String TOKENIZER = TOPICS.modelOutputs("tokenizer");
    static final String CLASSIFIER = TOPICS.modelOutputs("classifier");
    static final String HEAD = "pipeline 'p' did not answer request 'r1' within 5 s (seldon-timeout=5s): ";
    static final String AWAITING = "seldon.ns.pipeline.p.outputs or seldon.ns.errors.errors";

    private final PendingRequest request = new PendingRequests(1).open("r1", "r1", Target.pipeline("p"), 0,
            new RequestTimeout(Duration.ofSeconds(5), "seldon-timeout=5s"), AWAITING, 0);
    private final StepLookup lookup = StepLookup.of(request, twoSteps(), TOPICS, 1_000, 0);

    static Pipeline twoSteps() {
        return Pipeline.parse(Declarations.chainYaml("p", "tokenizer", "classifier"));
    }

    @Test
    void everyStepIsCheckedOnItsModelsOutputsTopicInSpecOrderForTheRequestsHeaderId() {
        assertThat(lookup.steps()).containsExactly(new StepCheck("tokenizer", "tokenizer", TOKENIZER),
                new StepCheck("classifier", "classifier", CLASSIFIER));
        assertThat(lookup.topics()).containsExactly(TOKENIZER, CLASSIFIER);
        assertThat(lookup.requestId()).isEqualTo("r1");
        assertThat(lookup.pipeline()).isEqualTo("p");
        assertThat(lookup.sentAtMillis()).isEqualTo(1_000);
    }

    @Test
    void stepThatAnsweredAndStepThatHadNotAreNamedInSpecOrder() {
        InferenceFailure failure = StepReport.timedOut(request, lookup, seen(Set.of(TOKENIZER), Set.of(), Set.of(),
                Optional.empty()));

        assertThat(failure.reason()).isEqualTo(InferenceFailure.Reason.TIMEOUT);
        assertThat(failure.getMessage()).isEqualTo(HEAD + "step 'tokenizer' (model tokenizer) answered;"
                + " step 'classifier' (model classifier) has no answer on seldon.ns.model.classifier.outputs"
                + " — check model classifier's status and model-gateway's log. Nothing arrived on " + AWAITING
                + ". If the steps are only slow, allow more time with header seldon-timeout");
    }

    @Test
    void noStepAnsweredNamesEveryStep() {
        String message = StepReport.timedOut(request, lookup, seen(Set.of(), Set.of(), Set.of(), Optional.empty()))
                .getMessage();

        assertThat(message).startsWith(HEAD + "step 'tokenizer' (model tokenizer) has no answer on " + TOKENIZER
                + " — check model tokenizer's status and model-gateway's log; step 'classifier' (model classifier)"
                + " has no answer on " + CLASSIFIER);
    }

    @Test
    void cutShortLookBackSaysSoAndDoesNotClaimAnUnreadStepHasNoAnswer() {
        String message = StepReport.timedOut(request, lookup, seen(Set.of(TOKENIZER), Set.of(CLASSIFIER), Set.of(),
                Optional.of("it read 10 records (SELDON_GATEWAY_STEP_SCAN_RECORDS=10)"))).getMessage();

        assertThat(message).contains("step 'tokenizer' (model tokenizer) answered; step 'classifier' (model"
                        + " classifier): no answer seen in the part of " + CLASSIFIER + " read before the look-back"
                        + " stopped")
                .contains("(the look-back at the steps stopped early: it read 10 records"
                        + " (SELDON_GATEWAY_STEP_SCAN_RECORDS=10))")
                .doesNotContain("has no answer");
    }

    @Test
    void stepWhoseTopicDoesNotExistIsNamedWithTheTopic() {
        String message = StepReport.timedOut(request, lookup, seen(Set.of(TOKENIZER), Set.of(), Set.of(CLASSIFIER),
                Optional.empty())).getMessage();

        assertThat(message).contains("step 'classifier' (model classifier) has no answer: its outputs topic "
                + CLASSIFIER + " does not exist — check model classifier's status");
    }

    @Test
    void everyStepAnsweredPointsAtTheDataflow() {
        String message = StepReport.timedOut(request, lookup, seen(Set.of(TOKENIZER, CLASSIFIER), Set.of(), Set.of(),
                Optional.empty())).getMessage();

        assertThat(message).isEqualTo(HEAD + "step 'tokenizer' (model tokenizer) answered; step 'classifier' (model"
                + " classifier) answered. Every step answered, yet nothing arrived on " + AWAITING + ": the pipeline's"
                + " dataflow did not write the pipeline's output; check its log");
    }

    @Test
    void unknownStepsKeepThePipelineAndWhatWasAwaited() {
        String message = StepReport.stepsUnknown(request, "the look-back did not finish").getMessage();

        assertThat(message).isEqualTo(HEAD + "nothing arrived on " + AWAITING + "; steps unknown: the look-back did"
                + " not finish. Check that the pipeline's dataflow and the model-gateway serving its steps are running,"
                + " or allow more time with header seldon-timeout");
    }

    static StepSightings seen(Set<String> answered, Set<String> unfinished, Set<String> missing,
                              Optional<String> cutShort) {
        return new StepSightings(answered, unfinished, missing, cutShort);
    }
}
