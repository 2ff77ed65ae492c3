package io.seldonmesh.modelgateway.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens after a call to the model server: the one place that decides between publishing the response,
 * trying again later and giving up with an error record.
 *
 * <p>Failures that may pass (unreachable server, timeout, 5xx, overload) are retried with exponential backoff:
 * {@code initialBackoff}, doubled per attempt, capped at {@code maxBackoff}, for at most {@code maxAttempts} calls
 * in all. Failures that will not pass (4xx, a model the server does not have, a response that is not V2) become an
 * error record at once. No jitter: one gateway's retries of one partition are sequential, so they cannot stampede.
 */
public final class FailurePolicy {

    public static final String ATTEMPTS_VARIABLE = "MODELGATEWAY_RETRY_MAX_ATTEMPTS";
    public static final String TIMEOUT_VARIABLE = "MODELGATEWAY_INFER_TIMEOUT";

    /** What to do next. */
    public sealed interface Outcome permits Output, Retry, Fail {
    }

    /** Publish the model's response on the outputs topic. */
    public record Output(ModelReply reply) implements Outcome {
    }

    /** Call the model server again after this pause. */
    public record Retry(Duration after) implements Outcome {
    }

    /** Give up: publish an error record saying this. */
    public record Fail(Rejection rejection) implements Outcome {
    }

    /**
     * One call to the model server, described for the messages.
     *
     * @param number    1 for the first call, 2 for the first retry, ...
     * @param requestId may be null
     * @param server    where the call went, e.g. {@code http://10.0.0.7:9500}
     */
    public record Attempt(String model, String requestId, String server, int number) {

        /** The next call, which may go to another replica's server. */
        public Attempt next(String nextServer) {
            return new Attempt(model, requestId, nextServer, number + 1);
        }
    }

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration timeout;

    /**
     * @param maxAttempts calls in all, at least 1 (1 means no retry)
     * @param timeout     the per-call timeout, named in timeout errors
     */
    public FailurePolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(ATTEMPTS_VARIABLE + "=" + maxAttempts
                    + " is not a number of calls: use 1 (no retry) or more");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry backoff must grow from a non-negative initial pause ("
                    + initialBackoff + ") to a maximum at least as long (" + maxBackoff + ")");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = Objects.requireNonNull(initialBackoff);
        this.maxBackoff = Objects.requireNonNull(maxBackoff);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /** The longest one call may take ({@value #TIMEOUT_VARIABLE}). */
    public Duration timeout() {
        return timeout;
    }

    /** What to do after {@code attempt} ended with {@code result}. */
    public Outcome judge(Attempt attempt, CallResult result) {
        if (result instanceof ModelReply reply) {
            return new Output(reply);
        }
        CallFailure failure = (CallFailure) result;
        if (isTransient(failure) && attempt.number() < maxAttempts) {
            return new Retry(backoff(attempt.number()));
        }
        return new Fail(new Rejection(failure.status(), message(attempt, failure), action(attempt, failure)));
    }

    /** The pause after the {@code attempt}-th call failed. */
    public Duration backoff(int attempt) {
        Duration pause = initialBackoff;
        for (int i = 1; i < attempt && pause.compareTo(maxBackoff) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }

    private static boolean isTransient(CallFailure failure) {
        return switch (failure.kind()) {
            case UNREACHABLE, TIMEOUT, SERVER_ERROR, OVERLOADED -> true;
            case MODEL_NOT_FOUND, REJECTED, BAD_RESPONSE -> false;
        };
    }

    private String message(Attempt attempt, CallFailure failure) {
        String server = "model server " + attempt.server();
        String tries = attempt.number() == 1 ? "" : " (" + attempt.number() + " attempts)";
        return switch (failure.kind()) {
            case UNREACHABLE -> "could not reach " + server + tries + ": " + failure.message();
            case TIMEOUT -> server + " did not answer within " + human(timeout) + tries + ": " + failure.message();
            case SERVER_ERROR -> server + " failed" + tries + ", last with " + failure.status() + ": " + failure.message();
            case OVERLOADED -> server + " is overloaded" + tries + " (" + failure.status() + "): " + failure.message();
            case MODEL_NOT_FOUND -> server + " has no model '" + attempt.model() + "' loaded (" + failure.status() + "): "
                    + failure.message();
            case REJECTED -> server + " rejected the request (" + failure.status() + "): " + failure.message();
            case BAD_RESPONSE -> server + " answered with something that is not a V2 inference response: "
                    + failure.message();
        };
    }

    private String action(Attempt attempt, CallFailure failure) {
        return switch (failure.kind()) {
            case UNREACHABLE -> "check that the model server is running and reachable from the model gateway at "
                    + attempt.server() + " (MODEL_SERVER_URL, or the endpoints in the model's status)";
            case TIMEOUT -> "find out why the model is slow, or raise " + TIMEOUT_VARIABLE + " (now " + human(timeout)
                    + ")";
            case SERVER_ERROR -> "look in the model server's log for request " + attempt.requestId()
                    + "; the gateway tried " + attempt.number() + " times (" + ATTEMPTS_VARIABLE + "=" + maxAttempts + ")";
            case OVERLOADED -> "add model server replicas or lower MODELGATEWAY_MAX_IN_FLIGHT";
            case MODEL_NOT_FOUND -> "check the model's state on the status topic: the gateway sends requests only to"
                    + " models that are Available, so the server may have unloaded it or restarted";
            case REJECTED -> "fix the request: the model server's message says what it expected";
            case BAD_RESPONSE -> "check that " + attempt.server() + " serves the Open Inference Protocol (V2)";
        };
    }

    private static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
