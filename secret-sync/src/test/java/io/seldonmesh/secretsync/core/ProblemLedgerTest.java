package io.seldonmesh.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemLedgerTest {

    private static final SourceRef SOURCE = new SourceRef("seldon-mesh", "kafka-sasl");
    private static final Problem CONFLICT = Problem.conflict(SOURCE, "team-a", "kafka-sasl", "managed by helm");

    @Test
    void aPersistingProblemIsReportedOnce() {
        ProblemLedger ledger = new ProblemLedger();
        assertThat(ledger.update(List.of(CONFLICT)).appeared()).containsExactly(CONFLICT);
        assertThat(ledger.update(List.of(CONFLICT)).appeared()).isEmpty();
        assertThat(ledger.count(Problem.Reason.COPY_CONFLICT)).isEqualTo(1);
    }

    @Test
    void aFixedProblemIsResolvedAndReportedAgainWhenItReturns() {
        ProblemLedger ledger = new ProblemLedger();
        ledger.update(List.of(CONFLICT));
        assertThat(ledger.update(List.of()).resolved()).containsExactly(CONFLICT);
        assertThat(ledger.count(Problem.Reason.COPY_CONFLICT)).isZero();
        assertThat(ledger.update(List.of(CONFLICT)).appeared()).containsExactly(CONFLICT);
    }

    @Test
    void problemsAboutATargetCanBeCarriedOverAWriteThatFailedForAnotherReason() {
        ProblemLedger ledger = new ProblemLedger();
        ledger.update(List.of(CONFLICT));
        assertThat(ledger.about("team-a/kafka-sasl")).containsExactly(CONFLICT);
        assertThat(ledger.update(ledger.about("team-a/kafka-sasl")).appeared()).isEmpty();
        assertThat(ledger.about("team-b/kafka-sasl")).isEmpty();
    }

    @Test
    void conflictMessageSaysWhatToDo() {
        assertThat(CONFLICT.message()).isEqualTo("Secret team-a/kafka-sasl already exists and is managed by helm, so the "
                + "copy of seldon-mesh/kafka-sasl was not written. Delete or rename that Secret to let secret-sync manage "
                + "it, or stop selecting its namespace or the source.");
    }
}
