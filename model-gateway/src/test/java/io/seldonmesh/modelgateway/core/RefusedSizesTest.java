package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefusedSizesTest {

    private final AtomicLong now = new AtomicLong();
    private final RefusedSizes sizes = new RefusedSizes(now::get);

    @Test
    void topicThatRefusedNothingHasTheLimitItIsConfiguredWith() {
        assertThat(sizes.limit("outputs", OptionalLong.of(1000))).hasValue(1000);
        assertThat(sizes.limit("outputs", OptionalLong.empty())).isEmpty();
    }

    @Test
    void refusedSizeBoundsTheLimitOfATopicWhoseLimitCannotBeRead() {
        sizes.refused("outputs", 5000);

        assertThat(sizes.limit("outputs", OptionalLong.empty())).hasValue(4999);
        assertThat(sizes.limit("errors", OptionalLong.empty())).isEmpty();
    }

    @Test
    void smallerOfTheConfiguredLimitAndTheRefusedSizeWins() {
        sizes.refused("outputs", 5000);

        assertThat(sizes.limit("outputs", OptionalLong.of(3000))).hasValue(3000);
        assertThat(sizes.limit("outputs", OptionalLong.of(8000))).hasValue(4999);
    }

    @Test
    void smallestRefusalIsKept() {
        sizes.refused("outputs", 5000);
        sizes.refused("outputs", 7000);
        sizes.refused("outputs", 4000);

        assertThat(sizes.limit("outputs", OptionalLong.empty())).hasValue(3999);
    }

    @Test
    void refusalIsForgottenAfterAMinuteSoARaisedLimitIsUsed() {
        sizes.refused("outputs", 5000);
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(sizes.limit("outputs", OptionalLong.of(8000))).hasValue(4999);

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(sizes.limit("outputs", OptionalLong.of(8000))).hasValue(8000);

        sizes.refused("outputs", 6000);
        assertThat(sizes.limit("outputs", OptionalLong.of(8000))).as("a new refusal replaces a forgotten smaller one")
                .hasValue(5999);
    }
}
