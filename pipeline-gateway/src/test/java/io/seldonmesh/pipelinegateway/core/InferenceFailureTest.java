package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.seldonmesh.pipelinegateway.core.InferenceFailure.Reason;
import org.junit.jupiter.api.Test;

class InferenceFailureTest {

    @Test
    void eachOutcomeHasTheHttpAndGrpcStatusSeldonClientsExpect() {
        assertThat(Reason.INVALID_REQUEST.httpStatus()).isEqualTo(400);
        assertThat(Reason.MODEL_ERROR.httpStatus()).isEqualTo(400);
        assertThat(Reason.MODEL_ERROR.grpcCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(Reason.NOT_FOUND.httpStatus()).isEqualTo(404);
        assertThat(Reason.NOT_FOUND.grpcCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(Reason.TOO_LARGE.httpStatus()).isEqualTo(413);
        assertThat(Reason.TOO_MANY_PENDING.httpStatus()).isEqualTo(429);
        assertThat(Reason.TOO_MANY_PENDING.grpcCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(Reason.NOT_READY.httpStatus()).isEqualTo(503);
        assertThat(Reason.NOT_READY.grpcCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(Reason.TIMEOUT.httpStatus()).isEqualTo(504);
        assertThat(Reason.TIMEOUT.grpcCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
}
