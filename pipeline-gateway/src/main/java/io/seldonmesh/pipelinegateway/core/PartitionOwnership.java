package io.seldonmesh.pipelinegateway.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Which partition numbers this gateway replica writes requests to, and so reads answers from.
 *
 * <p>Replicas share the outputs topics; each reads only the partitions it holds, so each gets only its own
 * answers. A partition is held from the moment the listener is positioned at its end on every outputs topic
 * in use, and released when the replica loses its claim; after that it is still read, but not written, until
 * the requests already written to it are answered or time out ({@link #stillRead}).
 */
public final class PartitionOwnership {

    private final AtomicInteger next = new AtomicInteger();
    private volatile int[] held = new int[0];
    private final Set<Integer> released = new TreeSet<>();

    /** Partitions now held, in ascending order. */
    public synchronized Set<Integer> held() {
        Set<Integer> partitions = new TreeSet<>();
        Arrays.stream(held).forEach(partitions::add);
        return partitions;
    }

    public synchronized void hold(Collection<Integer> partitions) {
        Set<Integer> now = held();
        now.addAll(partitions);
        released.removeAll(partitions);
        held = now.stream().mapToInt(Integer::intValue).toArray();
    }

    public synchronized void release(Collection<Integer> partitions) {
        Set<Integer> now = held();
        for (Integer partition : partitions) {
            if (now.remove(partition)) {
                released.add(partition);
            }
        }
        held = now.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The partitions to read: those held, and those released that still have requests waiting on them.
     * Released partitions with nothing pending are forgotten.
     */
    public synchronized Set<Integer> stillRead(IntPredicate hasPending) {
        released.removeIf(partition -> !hasPending.test(partition));
        Set<Integer> read = held();
        read.addAll(released);
        return read;
    }

    /**
     * The next partition to write a request to, round robin over those held that the topic has.
     *
     * @param partitionCount how many partitions the request's topics have
     * @return empty when this replica holds none of them
     */
    public Optional<Integer> choose(int partitionCount) {
        int[] partitions = held;
        int start = Math.floorMod(next.getAndIncrement(), Math.max(1, partitions.length));
        for (int i = 0; i < partitions.length; i++) {
            int candidate = partitions[(start + i) % partitions.length];
            if (candidate < partitionCount) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
