package io.seldonmesh.pipelinegateway.io;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.runtime.DaemonThreads;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A Kafka consumer and the one thread allowed to touch it. A failing round is logged and retried after a
 * pause, so a broker restart degrades the gateway instead of stopping it; {@link #close()} wakes the thread
 * and waits for the consumer to close.
 */
abstract class ConsumerLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final long RETRY_PAUSE_MILLIS = 200;

    protected final Consumer<byte[], byte[]> consumer;
    private final String purpose;
    private final KafkaErrorExplainer explainer;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    /**
     * @param name the thread's name
     * @param purpose what the loop does, for log lines ("reading answers")
     */
    ConsumerLoop(String name, String purpose, Consumer<byte[], byte[]> consumer, KafkaErrorExplainer explainer) {
        this.consumer = consumer;
        this.purpose = purpose;
        this.explainer = explainer;
        this.thread = DaemonThreads.single(name, this::run);
    }

    public void start() {
        thread.start();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** One round: poll and handle what came. Runs on the loop's thread only. */
    protected abstract void round();

    /** Interrupts a poll in progress, so queued work or {@link #close()} is taken up at once. */
    protected void wake() {
        consumer.wakeup();
    }

    private void run() {
        try {
            while (running) {
                try {
                    round();
                } catch (WakeupException wakeup) {
                    // woken for new work or to stop; the loop condition decides
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.errorf("%s: %s from Kafka failed (%s); retrying", thread.getName(), purpose,
                                explainer.explain(e, AclOperation.READ));
                        pause();
                    }
                }
            }
        } finally {
            closeConsumer();
        }
    }

    private void closeConsumer() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } finally {
            stopped.countDown();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            if (stopped.getCount() > 0) {
                closeConsumer();
            }
            return;
        }
        consumer.wakeup();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
