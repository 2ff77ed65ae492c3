package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.modelgateway.core.FailurePolicy.Attempt;
import io.seldonmesh.modelgateway.core.FailurePolicy.Fail;
import io.seldonmesh.modelgateway.core.FailurePolicy.Output;
import io.seldonmesh.modelgateway.core.FailurePolicy.Retry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

    private final FailurePolicy policy = new FailurePolicy(5, Duration.ofMillis(100), Duration.ofMillis(500),
            Duration.ofSeconds(30));

    private static Attempt attempt(int number) {
        return new Attempt("iris", "req-1", "http://10.0.0.7:9500", number);
    }

    @Test
    void replyIsPublishedAsOutput() {
        ModelReply reply = new ModelReply(ModelInferResponse.newBuilder().setModelName("iris").build(), List.of());

        assertThat(policy.judge(attempt(1), reply)).isEqualTo(new Output(reply));
    }

    @Test
    void transientFailuresAreRetriedWithDoublingBackoffUpToTheCap() {
        CallFailure unavailable = CallFailure.http(503, "warming up");

        assertThat(policy.judge(attempt(1), unavailable)).isEqualTo(new Retry(Duration.ofMillis(100)));
        assertThat(policy.judge(attempt(2), unavailable)).isEqualTo(new Retry(Duration.ofMillis(200)));
        assertThat(policy.judge(attempt(3), unavailable)).isEqualTo(new Retry(Duration.ofMillis(400)));
        assertThat(policy.judge(attempt(4), unavailable)).isEqualTo(new Retry(Duration.ofMillis(500)));
        assertThat(policy.judge(attempt(2), CallFailure.unreachable("Connection refused"))).isInstanceOf(Retry.class);
        assertThat(policy.judge(attempt(2), CallFailure.timeout("no answer"))).isInstanceOf(Retry.class);
        assertThat(policy.judge(attempt(2), CallFailure.grpc("RESOURCE_EXHAUSTED", "busy"))).isInstanceOf(Retry.class);
    }

    @Test
    void serverErrorOnTheLastAttemptBecomesAnErrorRecordNamingStatusServerAndAttempts() {
        Fail fail = (Fail) policy.judge(attempt(5), CallFailure.http(500, "division by zero"));

        assertThat(fail.rejection().status()).isEqualTo("500");
        assertThat(fail.rejection().message())
                .isEqualTo("model server http://10.0.0.7:9500 failed (5 attempts), last with 500: division by zero");
        assertThat(fail.rejection().action())
                .contains("request req-1", "tried 5 times", "MODELGATEWAY_RETRY_MAX_ATTEMPTS=5");
    }

    @Test
    void rejectedRequestBecomesAnErrorRecordAtOnce() {
        Fail fail = (Fail) policy.judge(attempt(1), CallFailure.http(400, "input 'x' must be FP32"));

        assertThat(fail.rejection().status()).isEqualTo("400");
        assertThat(fail.rejection().message())
                .isEqualTo("model server http://10.0.0.7:9500 rejected the request (400): input 'x' must be FP32");
        assertThat(fail.rejection().action()).startsWith("fix the request");
    }

    @Test
    void modelMissingOnTheServerIsNotRetriedAndTheErrorNamesTheModel() {
        Fail fail = (Fail) policy.judge(attempt(1), CallFailure.grpc("NOT_FOUND", "model 'iris' is not loaded"));

        assertThat(fail.rejection().message()).startsWith("model server http://10.0.0.7:9500 has no model 'iris' loaded");
        assertThat(fail.rejection().action()).contains("status topic");
    }

    @Test
    void timeoutErrorNamesTheTimeoutAndItsVariable() {
        Fail fail = (Fail) policy.judge(attempt(5), CallFailure.timeout("no answer"));

        assertThat(fail.rejection().status()).isEqualTo("TIMEOUT");
        assertThat(fail.rejection().message()).contains("did not answer within 30s");
        assertThat(fail.rejection().action()).contains("MODELGATEWAY_INFER_TIMEOUT (now 30s)");
    }

    @Test
    void responseThatIsNotV2IsNotRetried() {
        assertThat(policy.judge(attempt(1), CallFailure.badResponse("response has no outputs")))
                .isInstanceOf(Fail.class);
    }

    @Test
    void singleAttemptMeansNoRetry() {
        FailurePolicy once = new FailurePolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));

        assertThat(once.judge(attempt(1), CallFailure.http(503, "down"))).isInstanceOf(Fail.class);
    }

    @Test
    void invalidAttemptCountIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> new FailurePolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageStartingWith("MODELGATEWAY_RETRY_MAX_ATTEMPTS=0");
    }
}
