package io.seldonmesh.pipelinegateway.overview;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last few items of a stream (the errors topic, the credential events), newest first; older ones fall off. */
public final class Tail<T> {

    private final int capacity;
    private final Deque<T> items = new ArrayDeque<>();

    public Tail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a tail keeps at least one item, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(T item) {
        items.addFirst(item);
        while (items.size() > capacity) {
            items.removeLast();
        }
    }

    /** Newest first. */
    public synchronized List<T> newestFirst() {
        return List.copyOf(new ArrayList<>(items));
    }
}
