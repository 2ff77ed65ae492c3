package io.seldonmesh.bench.startup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The run's settings: {@code [--checkout [name=]DIR]... [--modes jvm17,cds17,jvm25,aot25] [--services a,b]
 * [--runs 3] [--budget-minutes 45] [--timeout-seconds 180]}; with no {@code --checkout}, this checkout, named
 * {@code this}. {@code BENCH_JAVA_OPTS} adds JVM options to every start of every variant.
 */
record StartupOptions(List<Checkout> checkouts, List<LaunchMode> modes, List<MeasuredService> services, int runs,
                      Duration budget, Duration readyTimeout, List<String> jvmOptions) {

    /** Every measured JVM gets these, whatever the variant: a bounded heap on a shared machine. */
    static final List<String> BASE_JVM_OPTIONS = List.of("-Xmx512m");

    static StartupOptions parse(Path thisCheckout, String[] args, Map<String, String> environment) {
        List<Checkout> checkouts = new ArrayList<>();
        List<LaunchMode> modes = List.of(LaunchMode.values());
        List<MeasuredService> services = List.of(MeasuredService.values());
        int runs = 3;
        int budgetMinutes = 45;
        int timeoutSeconds = 180;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = i + 1 < args.length ? args[++i] : missing(option);
            switch (option) {
                case "--checkout" -> checkouts.add(Checkout.parse(value, Path.of("").toAbsolutePath()));
                case "--modes" -> modes = Arrays.stream(value.split(",")).map(String::trim).map(LaunchMode::of).toList();
                case "--services" -> services = Arrays.stream(value.split(",")).map(String::trim)
                        .map(MeasuredService::of).toList();
                case "--runs" -> runs = atLeast(option, value, 1);
                case "--budget-minutes" -> budgetMinutes = atLeast(option, value, 1);
                case "--timeout-seconds" -> timeoutSeconds = atLeast(option, value, 10);
                default -> throw new IllegalArgumentException("unknown option " + option + "; options: --checkout "
                        + "[name=]DIR (repeatable), --modes, --services, --runs, --budget-minutes, --timeout-seconds");
            }
        }
        if (checkouts.isEmpty()) {
            checkouts.add(Checkout.parse("this=" + thisCheckout, thisCheckout));
        }
        List<String> jvmOptions = new ArrayList<>(BASE_JVM_OPTIONS);
        String extra = environment.getOrDefault("BENCH_JAVA_OPTS", "").trim();
        if (!extra.isEmpty()) {
            jvmOptions.addAll(List.of(extra.split("\\s+")));
        }
        return new StartupOptions(List.copyOf(checkouts), modes, services, runs, Duration.ofMinutes(budgetMinutes),
                Duration.ofSeconds(timeoutSeconds), List.copyOf(jvmOptions));
    }

    /** Checkouts times modes, in that order: the first is the baseline every ratio is taken against. */
    List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        for (Checkout checkout : checkouts) {
            modes.forEach(mode -> variants.add(new Variant(checkout, mode)));
        }
        return variants;
    }

    private static int atLeast(String option, String value, int least) {
        int number = Integer.parseInt(value);
        if (number < least) {
            throw new IllegalArgumentException(option + " " + value + ": give at least " + least);
        }
        return number;
    }

    private static String missing(String option) {
        throw new IllegalArgumentException(option + " needs a value");
    }
}
