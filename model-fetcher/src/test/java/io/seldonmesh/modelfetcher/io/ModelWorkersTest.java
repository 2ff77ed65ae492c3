package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ModelWorkersTest {

    @Test
    void actionsQueuedWhileAModelIsBusyCollapseIntoTheLatest() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        try (ModelWorkers workers = new ModelWorkers(2)) {
            workers.submit("iris", () -> {
                busy.countDown();
                await(release);
                done.add("iris v1");
            });
            busy.await(5, TimeUnit.SECONDS);
            workers.submit("iris", () -> done.add("iris v2"));
            workers.submit("iris", () -> done.add("iris v3"));
            workers.submit("mnist", () -> done.add("mnist v1"));
            waitUntil(() -> done.contains("mnist v1"));
            assertThat(done).containsExactly("mnist v1");

            release.countDown();
            waitUntil(workers::idle);

            assertThat(done).containsExactly("mnist v1", "iris v1", "iris v3");
        }
    }

    @Test
    void aFailingActionDoesNotStopTheModelsLaterOnes() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        try (ModelWorkers workers = new ModelWorkers(1)) {
            workers.submit("iris", () -> {
                throw new IllegalStateException("boom");
            });
            waitUntil(workers::idle);
            workers.submit("iris", () -> done.add("iris v2"));
            waitUntil(workers::idle);

            assertThat(done).containsExactly("iris v2");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
