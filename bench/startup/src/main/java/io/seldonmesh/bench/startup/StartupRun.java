package io.seldonmesh.bench.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The order of the starts. Training runs first (one per service and cached variant), then one warm-up start of each
 * service in each variant (page cache, class counts), then the counted rounds. Within a round each service is started
 * in every variant in turn, the order rotating from round to round, so a change in the machine's load falls on all
 * variants alike. A round is only begun if the time budget still holds one more.
 */
final class StartupRun {

    private final StartupOptions options;
    private final Launcher launcher;
    private final Measurements measurements;
    private final List<LoadAverage> loads = new ArrayList<>();
    private final long deadlineNanos;
    private int completedRounds;

    StartupRun(StartupOptions options, Launcher launcher, long startNanos) {
        this.options = options;
        this.launcher = launcher;
        this.measurements = new Measurements(options.services(), options.variants());
        this.deadlineNanos = startNanos + options.budget().toNanos();
    }

    Measurements measurements() {
        return measurements;
    }

    List<LoadAverage> loads() {
        return loads;
    }

    int completedRounds() {
        return completedRounds;
    }

    void run() throws InterruptedException {
        loads.add(LoadAverage.now());
        train();
        warmUp();
        long lastRoundNanos = 0;
        for (int round = 1; round <= options.runs(); round++) {
            if (round > 1 && System.nanoTime() + lastRoundNanos > deadlineNanos) {
                progress("time budget of %s reached: %d of %d rounds done", options.budget(), completedRounds,
                        options.runs());
                break;
            }
            long roundStart = System.nanoTime();
            round(round);
            lastRoundNanos = System.nanoTime() - roundStart;
            completedRounds = round;
            loads.add(LoadAverage.now());
        }
    }

    private void train() throws InterruptedException {
        for (MeasuredService service : options.services()) {
            for (Variant variant : options.variants()) {
                if (variant.mode().archive().isEmpty()) {
                    continue;
                }
                long start = System.nanoTime();
                try {
                    long bytes = launcher.train(service, variant);
                    measurements.archive(service, variant, bytes);
                    progress("trained %-16s %-14s %5.1f s, archive %.0f MB", service.module(), variant.label(),
                            (System.nanoTime() - start) / 1e9, bytes / 1e6);
                } catch (RuntimeException e) {
                    fail(service, variant, "training", e);
                }
            }
        }
    }

    private void warmUp() throws InterruptedException {
        for (MeasuredService service : options.services()) {
            for (Variant variant : options.variants()) {
                if (measurements.hasFailed(service, variant)) {
                    continue;
                }
                try {
                    ClassLoadCount classes = launcher.warmUp(service, variant);
                    measurements.classes(service, variant, classes);
                    progress("warm-up %-16s %-14s classes %s", service.module(), variant.label(), classes);
                } catch (RuntimeException e) {
                    fail(service, variant, "warm-up", e);
                }
            }
        }
    }

    private void round(int round) throws InterruptedException {
        List<Variant> variants = options.variants();
        for (MeasuredService service : options.services()) {
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get((i + round) % variants.size());
                if (measurements.hasFailed(service, variant)) {
                    continue;
                }
                try {
                    StartupSample sample = launcher.measure(service, variant, "run" + round);
                    measurements.add(service, variant, sample);
                    progress("round %d/%d %-16s %-14s ready %6.0f ms, CPU %6.0f ms (\"started in\" line %6.0f ms)",
                            round, options.runs(), service.module(), variant.label(), sample.readyMillis(),
                            sample.cpuMillis(), sample.startedLineMillis());
                } catch (RuntimeException e) {
                    fail(service, variant, "round " + round, e);
                }
            }
        }
    }

    private void fail(MeasuredService service, Variant variant, String stage, RuntimeException e) {
        measurements.failed(service, variant, stage + ": " + e.getMessage());
        progress("FAILED %s %s in %s: %s", service.module(), variant.label(), stage, e.getMessage());
    }

    private static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
