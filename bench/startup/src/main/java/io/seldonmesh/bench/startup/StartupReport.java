package io.seldonmesh.bench.startup;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The tables, ready to paste into a README: medians of ready and of CPU until ready per service and variant, each with
 * the ratio to the same checkout's first mode (plain Java 17 by default); each further checkout against the first in
 * the same mode; then the details (spread, where the time goes, classes, archive sizes), and the machine's load.
 */
final class StartupReport {

    private final StartupOptions options;
    private final StartupRun run;
    private final JavaRuntimes javas;
    private final String command;

    StartupReport(StartupOptions options, StartupRun run, JavaRuntimes javas, String command) {
        this.options = options;
        this.run = run;
        this.javas = javas;
        this.command = command;
    }

    void print(PrintStream out) {
        List<Variant> variants = options.variants();
        List<LoadAverage> loads = run.loads();
        out.printf(Locale.ROOT, "JVM start-to-ready, %d cores, load average %s at start, %s at end (1-minute load "
                        + "%.1f-%.1f during the run); %d counted start(s) per cell after one warm-up%n",
                Runtime.getRuntime().availableProcessors(), loads.get(0), loads.get(loads.size() - 1),
                loads.stream().mapToDouble(LoadAverage::oneMinute).min().orElse(Double.NaN),
                loads.stream().mapToDouble(LoadAverage::oneMinute).max().orElse(Double.NaN), run.completedRounds());
        out.println("Command: " + command);
        options.checkouts().forEach(checkout -> out.println("Checkout " + checkout));
        options.modes().stream().map(LaunchMode::javaMajor).distinct()
                .forEach(major -> out.println("Java " + major + ": " + javas.version(major)));
        out.println("JVM options of every start: " + String.join(" ", options.jvmOptions()));
        out.println();
        printByMode(out, "Spawn of `java -jar quarkus-run.jar` to the first 200 of /q/health/ready",
                Measurements.Cell::ready);
        printByMode(out, "CPU time the service's JVM used until it was ready (all threads)", Measurements.Cell::cpu);
        if (options.checkouts().size() > 1) {
            printBeforeAfter(out, "Ready", Measurements.Cell::ready);
            printBeforeAfter(out, "CPU until ready", Measurements.Cell::cpu);
        }
        printDetails(out, variants);
    }

    /** Every variant, each with its ratio to the same checkout's first mode (plain Java 17 by default). */
    private void printByMode(PrintStream out, String figure, Function<Measurements.Cell, Spread> of) {
        List<Variant> variants = options.variants();
        LaunchMode firstMode = options.modes().get(0);
        out.println(figure + ", median in seconds, and its ratio to the same checkout's " + firstMode.label()
                + " (same run):");
        out.println();
        out.println(row("service", variants, Variant::label));
        out.println(row("---", variants, variant -> "---:"));
        for (MeasuredService service : options.services()) {
            out.println(row(service.module(), variants, variant -> {
                Measurements.Cell cell = run.measurements().cell(service, variant);
                Spread value = of.apply(cell);
                if (value.isEmpty()) {
                    return cell.failure().isPresent() ? "failed" : "-";
                }
                Variant reference = new Variant(variant.checkout(), firstMode);
                Spread base = of.apply(run.measurements().cell(service, reference));
                String seconds = String.format(Locale.ROOT, "%.2f", value.median() / 1000);
                return variant.equals(reference) || base.isEmpty()
                        ? seconds : String.format(Locale.ROOT, "%s (%.2f×)", seconds, value.median() / base.median());
            }));
        }
        out.println();
    }

    /** Each further checkout against the first, mode by mode: the before/after of a change. */
    private void printBeforeAfter(PrintStream out, String figure, Function<Measurements.Cell, Spread> of) {
        Checkout first = options.checkouts().get(0);
        List<Checkout> others = options.checkouts().subList(1, options.checkouts().size());
        List<Variant> columns = others.stream()
                .flatMap(checkout -> options.modes().stream().map(mode -> new Variant(checkout, mode))).toList();
        out.println(figure + ", " + first.name() + " -> each other checkout in the same mode, median in seconds, and the"
                + " ratio:");
        out.println();
        out.println(row("service", columns, variant -> first.name() + " -> " + variant.label()));
        out.println(row("---", columns, variant -> "---:"));
        for (MeasuredService service : options.services()) {
            out.println(row(service.module(), columns, variant -> {
                Spread before = of.apply(run.measurements().cell(service, new Variant(first, variant.mode())));
                Spread after = of.apply(run.measurements().cell(service, variant));
                return before.isEmpty() || after.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f -> %.2f (%.2f×)",
                        before.median() / 1000, after.median() / 1000, after.median() / before.median());
            }));
        }
        out.println();
    }

    private void printDetails(PrintStream out, List<Variant> variants) {
        out.println("Details, ms as median [min-max]: ready; CPU until ready; spawn to Quarkus' \"started in\" line; the"
                + " figure that line prints (from Quarkus' main, without the JVM's boot); classes loaded by the warm-up start (from an"
                + " archive / other JDK / application jars); the variant's archive:");
        out.println();
        out.println("| service | variant | n | ready | CPU | \"started in\" line | Quarkus' figure | classes | archive |");
        out.println("|---|---|---:|---:|---:|---:|---:|---|---:|");
        for (MeasuredService service : options.services()) {
            for (Variant variant : variants) {
                Measurements.Cell cell = run.measurements().cell(service, variant);
                out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s |%n", service.module(),
                        variant.label(), cell.samples().size(), spread(cell.ready()), spread(cell.cpu()),
                        spread(cell.startedLine()),
                        median(cell.quarkusStartedIn()), cell.classes().map(ClassLoadCount::toString).orElse("-"),
                        cell.archiveBytes().map(bytes -> String.format(Locale.ROOT, "%.0f MB", bytes / 1e6))
                                .orElse("-"));
            }
        }
        for (MeasuredService service : options.services()) {
            for (Variant variant : variants) {
                run.measurements().cell(service, variant).failure().ifPresent(why ->
                        out.println("FAILED " + service.module() + " " + variant.label() + ": " + why));
            }
        }
    }

    private static String spread(Spread spread) {
        return spread.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", spread.median(), spread.min(),
                spread.max());
    }

    private static String median(Spread spread) {
        return spread.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", spread.median());
    }

    private static String row(String first, List<Variant> variants, Function<Variant, String> cell) {
        StringBuilder row = new StringBuilder("| ").append(first).append(" |");
        variants.forEach(variant -> row.append(' ').append(cell.apply(variant)).append(" |"));
        return row.toString();
    }
}
