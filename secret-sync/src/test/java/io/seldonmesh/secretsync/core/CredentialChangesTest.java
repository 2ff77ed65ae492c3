package io.seldonmesh.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.status.CredentialEvent;
import io.seldonmesh.common.status.CredentialEvent.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialChangesTest {

    private static final SourceRef SASL = new SourceRef("seldon-mesh", "kafka-sasl");
    private static final String HASH_1 = "a".repeat(64);
    private static final String HASH_2 = "b".repeat(64);

    @Test
    void firstSightingIsAddedThenOnlyFingerprintChangesCount() {
        CredentialChanges changes = new CredentialChanges();
        assertThat(changes.next(List.of(new ReplicatedSource(SASL, "1", HASH_1)), List.of()))
                .containsExactly(new CredentialEvent("seldon-mesh", "kafka-sasl", "1", HASH_1, Change.ADDED));
        assertThat(changes.next(List.of(new ReplicatedSource(SASL, "2", HASH_1)), List.of())).isEmpty();
        assertThat(changes.next(List.of(new ReplicatedSource(SASL, "3", HASH_2)), List.of()))
                .containsExactly(new CredentialEvent("seldon-mesh", "kafka-sasl", "3", HASH_2, Change.MODIFIED));
    }

    @Test
    void sourceNoLongerReplicatedIsDeletedWithItsLastVersionAndNoFingerprint() {
        CredentialChanges changes = new CredentialChanges();
        changes.next(List.of(new ReplicatedSource(SASL, "7", HASH_1)), List.of());
        assertThat(changes.next(List.of(), List.of()))
                .containsExactly(new CredentialEvent("seldon-mesh", "kafka-sasl", "7", null, Change.DELETED));
        assertThat(changes.next(List.of(), List.of())).isEmpty();
    }

    @Test
    void sourceTurningInvalidIsInvalidWithTheFingerprintItsCopiesKeepNeverDeleted() {
        CredentialChanges changes = new CredentialChanges();
        changes.next(List.of(new ReplicatedSource(SASL, "1", HASH_1)), List.of());

        assertThat(changes.next(List.of(), List.of(new HeldSource(SASL, "2"))))
                .containsExactly(new CredentialEvent("seldon-mesh", "kafka-sasl", "2", HASH_1, Change.INVALID));
        assertThat(changes.next(List.of(), List.of(new HeldSource(SASL, "3")))).isEmpty();
        assertThat(changes.next(List.of(new ReplicatedSource(SASL, "4", HASH_1)), List.of()))
                .containsExactly(new CredentialEvent("seldon-mesh", "kafka-sasl", "4", HASH_1, Change.MODIFIED));
    }

    @Test
    void sourceNeverValidIsInvalidWithoutFingerprintAndDeletedWhenRemoved() {
        CredentialChanges changes = new CredentialChanges();
        assertThat(changes.next(List.of(), List.of(new HeldSource(SASL, "1"))))
                .containsExactly(new CredentialEvent("seldon-mesh", "kafka-sasl", "1", null, Change.INVALID));
        assertThat(changes.next(List.of(), List.of()))
                .containsExactly(new CredentialEvent("seldon-mesh", "kafka-sasl", "1", null, Change.DELETED));
    }
}
