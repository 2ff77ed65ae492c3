package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionLaneTest {

    private final PartitionLane<String> lane = new PartitionLane<>();
    private final List<String> sent = new ArrayList<>();

    @Test
    void resultsAreSentInOffsetOrderWhenCallsFinishOutOfOrder() {
        lane.admit(10);
        lane.admit(11);
        lane.admit(12);

        lane.complete(12, "c", sent::add);
        lane.complete(11, "b", sent::add);
        assertThat(sent).isEmpty();

        lane.complete(10, "a", sent::add);
        assertThat(sent).containsExactly("a", "b", "c");
    }

    @Test
    void laterResultIsSentAloneWhenEarlierOnesAreAlreadySent() {
        lane.admit(0);
        lane.admit(1);
        lane.complete(0, "a", sent::add);
        lane.complete(1, "b", sent::add);

        assertThat(sent).containsExactly("a", "b");
    }

    @Test
    void committableOffsetStopsAtTheFirstUnacknowledgedRecord() {
        lane.admit(5);
        lane.admit(6);
        lane.admit(7);
        lane.complete(5, "a", sent::add);
        lane.complete(6, "b", sent::add);
        lane.complete(7, "c", sent::add);
        assertThat(lane.takeCommittable()).isEmpty();

        lane.acknowledged(6);
        lane.acknowledged(7);
        assertThat(lane.takeCommittable()).isEmpty();
        assertThat(lane.inFlight()).isEqualTo(3);

        lane.acknowledged(5);
        assertThat(lane.takeCommittable()).isEqualTo(OptionalLong.of(8));
        assertThat(lane.takeCommittable()).isEmpty();
        assertThat(lane.committable()).isEqualTo(OptionalLong.of(8));
        assertThat(lane.inFlight()).isZero();
    }

    @Test
    void offsetGapsFromTransactionMarkersAreCommittedPast() {
        lane.admit(3);
        lane.admit(7);
        lane.complete(3, "a", sent::add);
        lane.complete(7, "b", sent::add);
        lane.acknowledged(3);
        assertThat(lane.takeCommittable()).isEqualTo(OptionalLong.of(4));
        lane.acknowledged(7);
        assertThat(lane.takeCommittable()).isEqualTo(OptionalLong.of(8));
    }

    @Test
    void closedLaneSendsNothingMoreAndCountsWhatItAbandons() {
        lane.admit(0);
        lane.admit(1);
        lane.admit(2);
        lane.complete(0, "a", sent::add);

        assertThat(lane.close()).isEqualTo(2);
        lane.complete(1, "b", sent::add);
        assertThat(sent).containsExactly("a");
        assertThat(lane.isClosed()).isTrue();
    }

    @Test
    void offsetsMustGrow() {
        lane.admit(4);

        assertThatThrownBy(() -> lane.admit(4)).hasMessageContaining("offset order");
    }

    @Test
    void concurrentCompletionsStillSendInOrder() throws InterruptedException {
        int records = 2000;
        for (int offset = 0; offset < records; offset++) {
            lane.admit(offset);
        }
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread even = new Thread(() -> {
            for (int offset = 0; offset < records; offset += 2) {
                lane.complete(offset, Integer.toString(offset), order::add);
            }
        });
        Thread odd = new Thread(() -> {
            for (int offset = records - 1; offset > 0; offset -= 2) {
                lane.complete(offset, Integer.toString(offset), order::add);
            }
        });
        even.start();
        odd.start();
        even.join();
        odd.join();

        assertThat(order).hasSize(records);
        for (int i = 0; i < records; i++) {
            assertThat(order.get(i)).isEqualTo(Integer.toString(i));
        }
    }
}
