package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    @Test
    void partitionPausesAtItsLimitAndResumesAQuarterBelowIt() {
        Backpressure backpressure = new Backpressure(1000, 8);

        Set<String> paused = backpressure.paused(Map.of("p0", 8, "p1", 3), Set.of());
        assertThat(paused).containsExactly("p0");

        assertThat(backpressure.paused(Map.of("p0", 7, "p1", 3), paused)).containsExactly("p0");
        assertThat(backpressure.paused(Map.of("p0", 6, "p1", 3), paused)).isEmpty();
    }

    @Test
    void everyPartitionPausesWhileTheConsumerIsFull() {
        Backpressure backpressure = new Backpressure(10, 8);

        Set<String> paused = backpressure.paused(Map.of("p0", 6, "p1", 4), Set.of());
        assertThat(paused).containsExactlyInAnyOrder("p0", "p1");

        assertThat(backpressure.paused(Map.of("p0", 6, "p1", 3), paused)).containsExactlyInAnyOrder("p0", "p1");
        assertThat(backpressure.paused(Map.of("p0", 5, "p1", 3), paused)).isEmpty();
    }

    @Test
    void limitOfOneMeansOneRecordAtATime() {
        Backpressure backpressure = new Backpressure(100, 1);

        Set<String> paused = backpressure.paused(Map.of("p0", 1), Set.of());
        assertThat(paused).containsExactly("p0");
        assertThat(backpressure.paused(Map.of("p0", 0), paused)).isEmpty();
    }

    @Test
    void limitsBelowOneAreRejectedNamingTheVariable() {
        assertThatThrownBy(() -> new Backpressure(0, 1)).hasMessageStartingWith("MODELGATEWAY_MAX_IN_FLIGHT=0");
        assertThatThrownBy(() -> new Backpressure(1, 0))
                .hasMessageStartingWith("MODELGATEWAY_MAX_IN_FLIGHT_PER_PARTITION=0");
    }
}
