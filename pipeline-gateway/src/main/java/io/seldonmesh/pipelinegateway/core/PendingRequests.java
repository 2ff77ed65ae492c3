package io.seldonmesh.pipelinegateway.core;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The correlation table: every request sent and not yet answered, by id, with its deadline. Bounded, so a
 * burst that outruns the models is refused with 429 instead of filling the heap; swept by
 * {@link #expire(long)}, so no caller waits past its timeout. Thread-safe: requests are opened on HTTP/gRPC
 * threads, answered on the Kafka listener thread and expired by a timer.
 */
public final class PendingRequests {

    public static final String CAPACITY_VARIABLE = "SELDON_GATEWAY_MAX_PENDING";

    private static final Comparator<PendingRequest> BY_DEADLINE =
            Comparator.comparingLong(PendingRequest::deadlineNanos).thenComparingLong(PendingRequest::sequence);

    private final int capacity;
    private final Consumer<PendingRequest> timedOut;
    private final Map<String, PendingRequest> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<PendingRequest> byDeadline = new ConcurrentSkipListSet<>(BY_DEADLINE);
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    /** A table whose expired requests fail at once with {@link PendingRequest#timedOut()}. */
    public PendingRequests(int capacity) {
        this(capacity, request -> request.reply().completeExceptionally(request.timedOut()));
    }

    /**
     * @param timedOut fails a request taken out of the table at its deadline; runs on the expiry timer, so it
     *                 must not block (a pipeline's 504 may wait for a look at its steps, see {@link TimeoutDiagnosis})
     */
    public PendingRequests(int capacity, Consumer<PendingRequest> timedOut) {
        if (capacity < 1) {
            throw new IllegalArgumentException(CAPACITY_VARIABLE + "=" + capacity + " must be at least 1");
        }
        this.capacity = capacity;
        this.timedOut = timedOut;
    }

    /**
     * Registers a request before it is sent, so that even an instant answer finds it.
     *
     * @param requestIdHeader the {@code x-request-id} the request carries (the caller's, or {@code id})
     * @param awaiting where the answer is expected, for the timeout message (e.g. the outputs topic)
     * @throws InferenceFailure TOO_MANY_PENDING when the table is full
     * @throws IllegalArgumentException when {@code id} is already pending; see {@link #isPending}
     */
    public PendingRequest open(String id, String requestIdHeader, Target target, int partition, RequestTimeout timeout,
                               String awaiting, long nowNanos) {
        reserveSlot(target);
        PendingRequest request = new PendingRequest(id, requestIdHeader, target, partition, timeout, awaiting, nowNanos,
                sequence.incrementAndGet());
        if (byId.putIfAbsent(id, request) != null) {
            count.decrementAndGet();
            throw new IllegalArgumentException("request id '" + id + "' is already pending");
        }
        byDeadline.add(request);
        return request;
    }

    public boolean isPending(String id) {
        return byId.containsKey(id);
    }

    /** Completes the request with its answer; false when the id is not pending here (another replica's, or late). */
    /** What a waiting request was sent to; empty when it is not waiting. */
    public Optional<Target> target(String id) {
        return Optional.ofNullable(byId.get(id)).map(PendingRequest::target);
    }

    public boolean answer(String id, Reply reply) {
        PendingRequest request = take(id);
        return request != null && request.reply().complete(reply);
    }

    /** Completes the request with a failure; false when the id is not pending here. */
    public boolean fail(String id, InferenceFailure failure) {
        PendingRequest request = take(id);
        return request != null && request.reply().completeExceptionally(failure);
    }

    /**
     * Takes every request whose deadline has passed out of the table and hands it to be failed with a TIMEOUT;
     * an answer arriving after this is late.
     *
     * @return how many timed out
     */
    public int expire(long nowNanos) {
        int expired = 0;
        PendingRequest first;
        while ((first = firstDue(nowNanos)) != null) {
            byDeadline.remove(first);
            if (byId.remove(first.id(), first)) {
                count.decrementAndGet();
                timedOut.accept(first);
                expired++;
            }
        }
        return expired;
    }

    public int size() {
        return count.get();
    }

    public int capacity() {
        return capacity;
    }

    /** True while a request written to {@code partition} waits; a released partition is read until then. */
    public boolean hasPendingOn(int partition) {
        return byId.values().stream().anyMatch(request -> request.partition() == partition);
    }

    private PendingRequest firstDue(long nowNanos) {
        if (byDeadline.isEmpty()) {
            return null;
        }
        try {
            PendingRequest first = byDeadline.first();
            return first.deadlineNanos() - nowNanos <= 0 ? first : null;
        } catch (NoSuchElementException emptiedMeanwhile) {
            return null;
        }
    }

    private PendingRequest take(String id) {
        PendingRequest request = byId.remove(id);
        if (request != null) {
            count.decrementAndGet();
            byDeadline.remove(request);
        }
        return request;
    }

    private void reserveSlot(Target target) {
        while (true) {
            int current = count.get();
            if (current >= capacity) {
                throw new InferenceFailure(InferenceFailure.Reason.TOO_MANY_PENDING, "request to " + target
                        + " refused: this gateway already has " + current + " requests waiting for answers, its limit"
                        + " (" + CAPACITY_VARIABLE + "). Retry shortly, or add gateway replicas");
            }
            if (count.compareAndSet(current, current + 1)) {
                return;
            }
        }
    }
}
