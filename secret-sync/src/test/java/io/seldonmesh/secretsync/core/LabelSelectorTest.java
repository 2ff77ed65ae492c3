package io.seldonmesh.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    @Test
    void equalityNeedsTheLabelWithThatValue() {
        LabelSelector selector = LabelSelector.parse("V", "seldon.io/runtime=true");
        assertThat(selector.matches(Map.of("seldon.io/runtime", "true"))).isTrue();
        assertThat(selector.matches(Map.of("seldon.io/runtime", "false"))).isFalse();
        assertThat(selector.matches(Map.of())).isFalse();
        assertThat(selector.matches(null)).isFalse();
    }

    @Test
    void doubleEqualsAndInequalityWorkLikeKubectl() {
        assertThat(LabelSelector.parse("V", "a==b").matches(Map.of("a", "b"))).isTrue();
        LabelSelector notLegacy = LabelSelector.parse("V", "tier!=legacy");
        assertThat(notLegacy.matches(Map.of("tier", "gold"))).isTrue();
        assertThat(notLegacy.matches(Map.of())).isTrue();
        assertThat(notLegacy.matches(Map.of("tier", "legacy"))).isFalse();
    }

    @Test
    void existenceAndAbsence() {
        LabelSelector selector = LabelSelector.parse("V", "seldon.io/runtime, !skip");
        assertThat(selector.matches(Map.of("seldon.io/runtime", ""))).isTrue();
        assertThat(selector.matches(Map.of("seldon.io/runtime", "x", "skip", "yes"))).isFalse();
    }

    @Test
    void setRequirementsKeepTheirCommas() {
        LabelSelector selector = LabelSelector.parse("V", "env in (prod, staging),team notin (x),a=b");
        assertThat(selector.matches(Map.of("env", "staging", "team", "y", "a", "b"))).isTrue();
        assertThat(selector.matches(Map.of("env", "dev", "a", "b"))).isFalse();
        assertThat(selector.matches(Map.of("env", "prod", "team", "x", "a", "b"))).isFalse();
    }

    @Test
    void emptySelectorSelectsNothing() {
        LabelSelector none = LabelSelector.parse("V", "  ");
        assertThat(none.selectsNothing()).isTrue();
        assertThat(none.matches(Map.of("anything", "at-all"))).isFalse();
    }

    @Test
    void badKeyIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> LabelSelector.parse("SECRET_SYNC_TARGET_SELECTOR", "bad key=x"))
                .hasMessageStartingWith("SECRET_SYNC_TARGET_SELECTOR='bad key=x' is not a label selector: 'bad key' is not a label key");
    }

    @Test
    void badValueIsRejected() {
        assertThatThrownBy(() -> LabelSelector.parse("V", "a=b c"))
                .hasMessageContaining("'b c' is not a label value");
    }
}
