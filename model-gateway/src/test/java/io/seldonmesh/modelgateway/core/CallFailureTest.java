package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.modelgateway.core.CallFailure.Kind;
import org.junit.jupiter.api.Test;

class CallFailureTest {

    @Test
    void httpStatusesAreClassifiedForTheRetryDecision() {
        assertThat(CallFailure.http(500, "m").kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(CallFailure.http(503, "m").kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(CallFailure.http(429, "m").kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(CallFailure.http(408, "m").kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(CallFailure.http(404, "m").kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
        assertThat(CallFailure.http(400, "m").kind()).isEqualTo(Kind.REJECTED);
        assertThat(CallFailure.http(422, "m").kind()).isEqualTo(Kind.REJECTED);
    }

    @Test
    void grpcCodesAreClassifiedForTheRetryDecision() {
        assertThat(CallFailure.grpc("UNAVAILABLE", "m").kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(CallFailure.grpc("INTERNAL", "m").kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(CallFailure.grpc("DEADLINE_EXCEEDED", "m").kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(CallFailure.grpc("RESOURCE_EXHAUSTED", "m").kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(CallFailure.grpc("NOT_FOUND", "m").kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
        assertThat(CallFailure.grpc("INVALID_ARGUMENT", "m").kind()).isEqualTo(Kind.REJECTED);
        assertThat(CallFailure.grpc("UNIMPLEMENTED", "m").kind()).isEqualTo(Kind.REJECTED);
    }

    @Test
    void blankMessageIsReplacedSoTheErrorRecordSaysSomething() {
        assertThat(CallFailure.http(500, " ").message()).isEqualTo("(no message)");
    }
}
