package io.seldonmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ErrorClassTest {

    @Test
    void eachStatusModelGatewayWritesHasItsClass() {
        assertThat(ErrorClass.of("UNREACHABLE")).isEqualTo(ErrorClass.UNREACHABLE);
        assertThat(ErrorClass.of("404")).isEqualTo(ErrorClass.NOT_LOADED);
        assertThat(ErrorClass.of("NOT_FOUND")).isEqualTo(ErrorClass.NOT_LOADED);
        assertThat(ErrorClass.of("NOT_SERVED")).isEqualTo(ErrorClass.NOT_LOADED);
        assertThat(ErrorClass.of("TIMEOUT")).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(ErrorClass.of("DEADLINE_EXCEEDED")).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(ErrorClass.of("429")).isEqualTo(ErrorClass.OVERLOADED);
        assertThat(ErrorClass.of("RESOURCE_EXHAUSTED")).isEqualTo(ErrorClass.OVERLOADED);
        assertThat(ErrorClass.of("INVALID_INPUT")).isEqualTo(ErrorClass.INVALID_INPUT);
        assertThat(ErrorClass.of("400")).isEqualTo(ErrorClass.INVALID_INPUT);
        assertThat(ErrorClass.of("INVALID_ARGUMENT")).isEqualTo(ErrorClass.INVALID_INPUT);
        assertThat(ErrorClass.of("MESSAGE_TOO_LARGE")).isEqualTo(ErrorClass.TOO_LARGE);
        assertThat(ErrorClass.of("500")).isEqualTo(ErrorClass.MODEL_ERROR);
        assertThat(ErrorClass.of("INTERNAL")).isEqualTo(ErrorClass.MODEL_ERROR);
        assertThat(ErrorClass.of("PIPELINE")).isEqualTo(ErrorClass.MODEL_ERROR);
        assertThat(ErrorClass.of(null)).isEqualTo(ErrorClass.MODEL_ERROR);
    }

    @Test
    void serverSideFailuresAreNeverAClientErrorOtherThan429() {
        assertThat(ErrorClass.answer("UNREACHABLE")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.UNREACHABLE, 502, Status.Code.UNAVAILABLE));
        assertThat(ErrorClass.answer("404")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.NOT_LOADED, 503, Status.Code.UNAVAILABLE));
        assertThat(ErrorClass.answer("TIMEOUT")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.TIMEOUT, 504, Status.Code.DEADLINE_EXCEEDED));
        assertThat(ErrorClass.answer("RESOURCE_EXHAUSTED")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.OVERLOADED, 429, Status.Code.RESOURCE_EXHAUSTED));
        assertThat(ErrorClass.answer("MESSAGE_TOO_LARGE")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.TOO_LARGE, 413, Status.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void theModelServersOwnStatusIsKeptWithItsTwin() {
        assertThat(ErrorClass.answer("500")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.MODEL_ERROR, 500, Status.Code.INTERNAL));
        assertThat(ErrorClass.answer("503")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.MODEL_ERROR, 503, Status.Code.UNAVAILABLE));
        assertThat(ErrorClass.answer("UNAVAILABLE")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.MODEL_ERROR, 503, Status.Code.UNAVAILABLE));
        assertThat(ErrorClass.answer("INTERNAL")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.MODEL_ERROR, 500, Status.Code.INTERNAL));
        assertThat(ErrorClass.answer("422")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.INVALID_INPUT, 422, Status.Code.INVALID_ARGUMENT));
        assertThat(ErrorClass.answer("INVALID_ARGUMENT")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.INVALID_INPUT, 400, Status.Code.INVALID_ARGUMENT));
        assertThat(ErrorClass.answer("BAD_RESPONSE")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.MODEL_ERROR, 502, Status.Code.INTERNAL));
    }

    @Test
    void aRecordWithoutStatusIsA400AsSeldonAnswers() {
        assertThat(ErrorClass.answer(null)).isEqualTo(
                new ErrorClass.Answer(ErrorClass.MODEL_ERROR, 400, Status.Code.INVALID_ARGUMENT));
        assertThat(ErrorClass.answer("PIPELINE")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.MODEL_ERROR, 400, Status.Code.INVALID_ARGUMENT));
        assertThat(ErrorClass.answer("something odd")).isEqualTo(
                new ErrorClass.Answer(ErrorClass.MODEL_ERROR, 400, Status.Code.INVALID_ARGUMENT));
    }
}
