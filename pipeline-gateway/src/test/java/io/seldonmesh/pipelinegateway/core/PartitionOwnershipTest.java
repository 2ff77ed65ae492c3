package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionOwnershipTest {

    private final PartitionOwnership ownership = new PartitionOwnership();

    @Test
    void replicaHoldingNothingHasNoPartitionToWriteTo() {
        assertThat(ownership.choose(4)).isEmpty();
    }

    @Test
    void requestsAreSpreadRoundRobinOverHeldPartitions() {
        ownership.hold(List.of(3, 1));
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(ownership.choose(4).orElseThrow());
        }
        assertThat(chosen).containsExactly(1, 3, 1, 3);
    }

    @Test
    void partitionsTheTopicDoesNotHaveAreNeverChosen() {
        ownership.hold(List.of(0, 5));
        for (int i = 0; i < 4; i++) {
            assertThat(ownership.choose(2)).isEqualTo(Optional.of(0));
        }
        assertThat(new PartitionOwnership().choose(1)).isEmpty();
    }

    @Test
    void releasedPartitionIsNoLongerWrittenButReadWhileRequestsWaitOnIt() {
        ownership.hold(List.of(0, 1));
        ownership.release(List.of(1));

        assertThat(ownership.choose(2)).contains(0);
        assertThat(ownership.choose(2)).contains(0);
        assertThat(ownership.stillRead(partition -> partition == 1)).containsExactly(0, 1);
        assertThat(ownership.stillRead(partition -> false)).containsExactly(0);
        assertThat(ownership.stillRead(partition -> true)).containsExactly(0);
    }

    @Test
    void partitionHeldAgainIsNoLongerDraining() {
        ownership.hold(List.of(0));
        ownership.release(List.of(0));
        ownership.hold(List.of(0));
        assertThat(ownership.held()).isEqualTo(Set.of(0));
        assertThat(ownership.stillRead(partition -> false)).containsExactly(0);
    }
}
