package io.seldonmesh.pipelinegateway.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OverviewNumbersTest {

    @Test
    void percentileIsTheUpperBoundOfTheBucketHoldingIt() {
        double[] bounds = {1, 5, 10, 50};
        double[] cumulative = {10, 60, 99, 100};
        assertThat(Percentiles.of(bounds, cumulative, 100, 0.5)).hasValue(5);
        assertThat(Percentiles.of(bounds, cumulative, 100, 0.99)).hasValue(10);
        assertThat(Percentiles.of(bounds, cumulative, 0, 0.5)).isEmpty();
        assertThat(Percentiles.of(bounds, cumulative, 200, 0.99)).as("above the last bucket").isEmpty();
    }

    @Test
    void rateIsCountedOverTheLastIntervalAndNotBeforeASecondLook() {
        Rates rates = new Rates(Duration.ofSeconds(2));
        long second = 1_000_000_000L;
        assertThat(rates.perSecond("m", 100, 0)).isEmpty();
        assertThat(rates.perSecond("m", 110, second)).as("too soon").isEmpty();
        assertThat(rates.perSecond("m", 140, 2 * second)).hasValue(20.0);
        assertThat(rates.perSecond("m", 150, 3 * second)).as("kept until the next interval").hasValue(20.0);
        assertThat(rates.perSecond("m", 150, 4 * second)).hasValue(5.0);
    }

    @Test
    void tailKeepsTheNewestFirstAndDropsTheOldest() {
        Tail<Integer> tail = new Tail<>(3);
        IntStream.rangeClosed(1, 5).forEach(tail::add);
        assertThat(tail.newestFirst()).containsExactly(5, 4, 3);
    }

    @Test
    void anAvailableReplicaStandsForTheModelElseTheLatestChange() {
        Map<String, ModelStatus> replicas = new LinkedHashMap<>();
        replicas.put("a", status(ModelState.LOAD_FAILED, 10));
        replicas.put("b", status(ModelState.LOADING, 20));
        assertThat(ShownReplica.of(replicas)).get().extracting(Map.Entry::getKey).isEqualTo("b");
        replicas.put("c", status(ModelState.AVAILABLE, 5));
        assertThat(ShownReplica.of(replicas)).get().extracting(Map.Entry::getKey).isEqualTo("c");
        assertThat(ShownReplica.of(Map.of())).isEmpty();
    }

    private static ModelStatus status(ModelState state, long second) {
        return new ModelStatus(state, "1", "server-0", null, null, null, Instant.ofEpochSecond(second));
    }
}
