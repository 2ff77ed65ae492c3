package io.seldonmesh.modelgateway.core;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The records of one input partition that were consumed and not yet answered, in offset order. It is what makes
 * the gateway both concurrent and safe:
 * <ul>
 * <li>Model calls for several records of the partition may run at once and finish in any order, but results are
 * released for sending strictly in offset order ({@link #complete}), so outputs keep the order of the inputs.</li>
 * <li>The offset to commit is the first record whose output (or error) the broker has not acknowledged
 * ({@link #takeCommittable}): committing never skips a record that has no answer on Kafka yet, so a crash at
 * any moment loses nothing (at-least-once).</li>
 * </ul>
 * Thread-safe: the consumer admits, whichever thread receives a model's reply completes, the producer's I/O
 * thread acknowledges. Acknowledging never blocks: it is queued and applied by the next other call, so the producer's
 * I/O thread cannot wait for a lock held by a thread that waits for the producer.
 *
 * @param <T> what is sent for a record (the output or error record)
 */
public final class PartitionLane<T> {

    private enum State { CALLING, READY, SENDING, ACKNOWLEDGED }

    private static final class Slot<T> {
        final long offset;
        State state = State.CALLING;
        T result;

        Slot(long offset) {
            this.offset = offset;
        }
    }

    private final ArrayDeque<Slot<T>> slots = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Long> acknowledgements = new ConcurrentLinkedQueue<>();
    private long nextToCommit = -1;
    private long lastTaken = -1;
    private boolean closed;

    /**
     * A record was consumed; offsets must grow.
     *
     * @throws IllegalArgumentException when {@code offset} is not after the last one admitted
     */
    public synchronized void admit(long offset) {
        applyAcknowledgements();
        Slot<T> last = slots.peekLast();
        long floor = last != null ? last.offset : nextToCommit - 1;
        if (offset <= floor) {
            throw new IllegalArgumentException("offset " + offset + " admitted after offset " + floor
                    + ": a partition's records must arrive in offset order");
        }
        slots.addLast(new Slot<>(offset));
    }

    /**
     * The result for {@code offset} is known. Hands {@code send} this result and those after it that were waiting
     * for it, in offset order, while holding the lane's lock, so two threads completing records of one partition
     * cannot send out of order. Nothing is sent while an earlier record is still being called, or once the lane
     * is closed. {@code send} must not block (a Kafka producer's {@code send} does not once the topic's metadata
     * is known).
     */
    public synchronized void complete(long offset, T result, Consumer<T> send) {
        applyAcknowledgements();
        Slot<T> slot = find(offset);
        if (slot == null || closed) {
            return;
        }
        slot.result = result;
        slot.state = State.READY;
        for (Slot<T> next : slots) {
            if (next.state == State.CALLING) {
                break;
            }
            if (next.state == State.READY) {
                next.state = State.SENDING;
                T ready = next.result;
                next.result = null;
                send.accept(ready);
            }
        }
    }

    /** The broker acknowledged the record sent for {@code offset}. Never blocks. */
    public void acknowledged(long offset) {
        acknowledgements.add(offset);
    }

    private void applyAcknowledgements() {
        for (Long offset = acknowledgements.poll(); offset != null; offset = acknowledgements.poll()) {
            Slot<T> slot = find(offset);
            if (slot != null) {
                slot.state = State.ACKNOWLEDGED;
            }
        }
        while (!slots.isEmpty() && slots.peekFirst().state == State.ACKNOWLEDGED) {
            nextToCommit = slots.pollFirst().offset + 1;
        }
    }

    /** The offset to commit (the next record to read), when it moved since the last call. */
    public synchronized OptionalLong takeCommittable() {
        applyAcknowledgements();
        if (nextToCommit > lastTaken) {
            lastTaken = nextToCommit;
            return OptionalLong.of(nextToCommit);
        }
        return OptionalLong.empty();
    }

    /** The offset to commit now, whether or not it was taken before; empty before any record was answered. */
    public synchronized OptionalLong committable() {
        applyAcknowledgements();
        return nextToCommit < 0 ? OptionalLong.empty() : OptionalLong.of(nextToCommit);
    }

    /** Records consumed and not yet acknowledged. */
    public synchronized int inFlight() {
        applyAcknowledgements();
        return slots.size();
    }

    /**
     * No more results are released: the partition moved to another consumer, whose copy of these records will
     * be answered instead.
     *
     * @return how many records will now never be sent (those already sent may still be acknowledged)
     */
    public synchronized int close() {
        applyAcknowledgements();
        closed = true;
        return (int) slots.stream().filter(slot -> slot.state == State.CALLING || slot.state == State.READY).count();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private Slot<T> find(long offset) {
        for (Iterator<Slot<T>> it = slots.iterator(); it.hasNext(); ) {
            Slot<T> slot = it.next();
            if (slot.offset == offset) {
                return slot;
            }
            if (slot.offset > offset) {
                return null;
            }
        }
        return null;
    }
}
