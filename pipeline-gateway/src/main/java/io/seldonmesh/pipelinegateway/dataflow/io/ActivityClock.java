package io.seldonmesh.pipelinegateway.dataflow.io;

import java.util.concurrent.atomic.AtomicLong;

/** When a pipeline version last wrote a record; an old version is retired once it has been quiet for a while. */
final class ActivityClock {

    private final AtomicLong last = new AtomicLong(System.currentTimeMillis());

    void touch(long now) {
        last.set(now);
    }

    long quietFor(long now) {
        return now - last.get();
    }
}
