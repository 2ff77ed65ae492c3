package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final RequestTimeout FIVE_SECONDS = new RequestTimeout(Duration.ofSeconds(5), "seldon-timeout=5s");

    private final PendingRequests table = new PendingRequests(3);

    @Test
    void answerCompletesTheRequestWithTheReplyAndFreesTheSlot() {
        PendingRequest request = open("a", 0, 0);
        Reply reply = new Reply(ModelInferResponse.newBuilder().setModelName("iris").build(), List.of(Map.entry("x-seen", "1")));

        assertThat(table.answer("a", reply)).isTrue();

        assertThat(request.reply()).isCompletedWithValue(reply);
        assertThat(table.size()).isZero();
        assertThat(table.isPending("a")).isFalse();
    }

    @Test
    void answerForAnUnknownIdIsNotOurs() {
        open("a", 0, 0);
        assertThat(table.answer("someone-elses", reply())).isFalse();
        assertThat(table.size()).isOne();
    }

    @Test
    void secondAnswerForTheSameRequestIsIgnored() {
        open("a", 0, 0);
        assertThat(table.answer("a", reply())).isTrue();
        assertThat(table.answer("a", reply())).isFalse();
    }

    @Test
    void failureCompletesTheRequestExceptionally() {
        PendingRequest request = open("a", 0, 0);
        table.fail("a", new InferenceFailure(InferenceFailure.Reason.MODEL_ERROR, "bad tensor"));
        assertThatThrownBy(() -> request.reply().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(InferenceFailure.class)
                .hasRootCauseMessage("bad tensor");
    }

    @Test
    void requestPastItsDeadlineTimesOutNamingTargetTimeoutAndAwaitedTopic() {
        PendingRequest request = open("abc", 0, 0);

        assertThat(table.expire(5 * SECOND - 1)).isZero();
        assertThat(table.expire(5 * SECOND)).isOne();

        assertThat(request.reply()).isCompletedExceptionally();
        InferenceFailure failure = failureOf(request.reply());
        assertThat(failure.reason()).isEqualTo(InferenceFailure.Reason.TIMEOUT);
        assertThat(failure.getMessage()).startsWith("model 'iris' did not answer request 'abc' within 5 s"
                + " (seldon-timeout=5s): nothing arrived on seldon.default.model.iris.outputs");
        assertThat(table.size()).isZero();
    }

    @Test
    void expiryTakesOnlyDueRequestsInDeadlineOrder() {
        PendingRequest early = open("early", 0, 0);
        PendingRequest late = open("late", 0, 3 * SECOND);

        assertThat(table.expire(6 * SECOND)).isOne();

        assertThat(early.reply()).isCompletedExceptionally();
        assertThat(late.reply()).isNotDone();
        assertThat(table.expire(8 * SECOND)).isOne();
        assertThat(late.reply()).isCompletedExceptionally();
    }

    @Test
    void answeredRequestDoesNotTimeOutLater() {
        PendingRequest request = open("a", 0, 0);
        Reply reply = reply();
        table.answer("a", reply);
        assertThat(table.expire(10 * SECOND)).isZero();
        assertThat(request.reply()).isCompletedWithValue(reply);
    }

    @Test
    void fullTableRefusesWithTooManyPendingNamingTheLimitVariable() {
        open("a", 0, 0);
        open("b", 0, 0);
        open("c", 0, 0);
        assertThatThrownBy(() -> open("d", 0, 0))
                .isInstanceOf(InferenceFailure.class)
                .hasMessageContaining("already has 3 requests waiting")
                .hasMessageContaining("SELDON_GATEWAY_MAX_PENDING")
                .extracting(e -> ((InferenceFailure) e).reason()).isEqualTo(InferenceFailure.Reason.TOO_MANY_PENDING);

        table.answer("a", reply());
        assertThat(open("d", 0, 0).reply()).isNotDone();
    }

    @Test
    void duplicateIdIsRefusedWithoutTakingASlot() {
        open("a", 0, 0);
        assertThatThrownBy(() -> open("a", 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(table.size()).isOne();
    }

    @Test
    void pendingIsTrackedPerPartition() {
        open("a", 2, 0);
        assertThat(table.hasPendingOn(2)).isTrue();
        assertThat(table.hasPendingOn(1)).isFalse();
        table.answer("a", reply());
        assertThat(table.hasPendingOn(2)).isFalse();
    }

    @Test
    void concurrentOpenAnswerAndExpiryNeverExceedTheBoundAndLoseNoRequest() throws Exception {
        PendingRequests shared = new PendingRequests(50);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String id = thread + "-" + i;
                        try {
                            PendingRequest request = shared.open(id, id, Target.model("m"), 0, FIVE_SECONDS, "t", 0);
                            synchronized (replies) {
                                replies.add(request.reply());
                            }
                            assertThat(shared.size()).isLessThanOrEqualTo(50);
                            if (i % 3 != 0) {
                                shared.answer(id, reply());
                            }
                        } catch (InferenceFailure full) {
                            synchronized (refused) {
                                refused.add(1);
                            }
                            shared.expire(10 * SECOND);
                        }
                    }
                }));
            }
            for (var future : work) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        shared.expire(10 * SECOND);
        assertThat(shared.size()).isZero();
        assertThat(replies).allMatch(CompletableFuture::isDone);
        assertThat(replies.size() + refused.size()).isEqualTo(8_000);
    }

    private PendingRequest open(String id, int partition, long nowNanos) {
        return table.open(id, id, Target.model("iris"), partition, FIVE_SECONDS, "seldon.default.model.iris.outputs",
                nowNanos);
    }

    private static Reply reply() {
        return new Reply(ModelInferResponse.getDefaultInstance(), List.of());
    }

    private static InferenceFailure failureOf(CompletableFuture<Reply> future) {
        try {
            future.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return (InferenceFailure) e.getCause();
        }
    }
}
