package io.seldonmesh.modelfetcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FetcherWiringTest {

    @Test
    void statefulSetPodNameGivesTheReplicaOrdinal() {
        assertThat(FetcherWiring.ordinal("mlserver-2")).isEqualTo(2);
        assertThat(FetcherWiring.ordinal("triton-gpu-10")).isEqualTo(10);
        assertThat(FetcherWiring.ordinal("mlserver-7f9c6d-x2kq")).isZero();
        assertThat(FetcherWiring.ordinal("mlserver")).isZero();
    }
}
