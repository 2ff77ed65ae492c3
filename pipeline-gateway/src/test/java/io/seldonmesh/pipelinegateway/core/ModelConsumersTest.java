package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.pipelinegateway.core.ModelConsumers.GroupView;
import io.seldonmesh.pipelinegateway.core.ModelConsumers.GroupView.Kind;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelConsumersTest {

    private static final String TOPIC = "seldon.ns.model.iris.inputs";
    private static final GroupView EMPTY = new GroupView("ns-seldon-modelgateway-3", Kind.EMPTY, 0, Set.of());
    private static final GroupView HOLDING = new GroupView("ns-seldon-modelgateway-3", Kind.STABLE, 1, Set.of(TOPIC));
    private static final GroupView OTHERS = new GroupView("ns-seldon-modelgateway-3", Kind.STABLE, 2,
            Set.of("seldon.ns.model.other.inputs"));
    private static final GroupView MOVING = new GroupView("ns-seldon-modelgateway-3", Kind.REBALANCING, 2, Set.of());

    private final ModelConsumers consumers = new ModelConsumers(Duration.ofSeconds(15));

    @Test
    void aModelNobodyReadsIsAProblemOnceItsGraceIsOverNamingTheGroupAndTopic() {
        consumers.observe("iris", TOPIC, EMPTY, 1_000);

        assertThat(consumers.problem("iris", 15_999)).as("within the grace").isEmpty();
        assertThat(consumers.problem("iris", 16_000)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("no model-gateway is in its consumer group 'ns-seldon-modelgateway-3'")
                .contains("nothing reads " + TOPIC).contains("start model-gateway"));
    }

    @Test
    void aGroupWhoseMembersHoldOtherTopicsOnlyIsAProblemToo() {
        consumers.observe("iris", TOPIC, OTHERS, 0);

        assertThat(consumers.problem("iris", 20_000)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("none of the 2 model-gateway consumer(s)").contains("reads " + TOPIC));
    }

    @Test
    void aMemberHoldingTheTopicClearsTheProblemAtOnce() {
        consumers.observe("iris", TOPIC, EMPTY, 0);
        consumers.observe("iris", TOPIC, HOLDING, 20_000);

        assertThat(consumers.problem("iris", 20_000)).isEmpty();
    }

    @Test
    void aRebalanceSaysNothingTheLastObservationStands() {
        consumers.observe("iris", TOPIC, HOLDING, 0);
        consumers.observe("iris", TOPIC, MOVING, 20_000);
        assertThat(consumers.problem("iris", 20_000)).isEmpty();

        consumers.observe("iris", TOPIC, EMPTY, 21_000);
        consumers.observe("iris", TOPIC, MOVING, 22_000);
        assertThat(consumers.problem("iris", 22_000)).isPresent();
    }

    @Test
    void aModelThatStopsBeingAvailableStartsAFreshGraceWhenItComesBack() {
        consumers.observe("iris", TOPIC, EMPTY, 0);
        assertThat(consumers.problem("iris", 20_000)).isPresent();

        consumers.retainOnly(Set.of());
        consumers.observe("iris", TOPIC, EMPTY, 30_000);

        assertThat(consumers.problem("iris", 31_000)).isEmpty();
        assertThat(consumers.problem("iris", 45_000)).isPresent();
    }

    @Test
    void nothingKnownIsNoProblem() {
        consumers.observe("iris", TOPIC, EMPTY, 0);
        consumers.forget();

        assertThat(consumers.problem("iris", 60_000)).isEmpty();
        assertThat(ModelConsumers.unchecked().problem("iris", 60_000)).isEmpty();
    }
}
